package io.metaplatform.plugins.runtime.internal.loading;

import io.metaplatform.plugins.api.Connector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Builds real plugin jars at test time: compiles fixture sources against the SPI and packs them with a services file. */
final class PluginJars {

    private final Path folder;
    private final Path work;

    PluginJars(Path folder, Path work) {
        this.folder = folder;
        this.work = work;
    }

    /** A connector class that declares the given id and SPI version; its {@code check} runs {@code checkBody}. */
    static String connector(String className, String id, int apiVersion, String constructorBody, String checkBody) {
        return """
                package fixture;

                import io.metaplatform.plugins.api.*;

                public class %s implements Connector {
                    public %s() {
                        %s
                    }
                    public ConnectorDescriptor descriptor() {
                        return ConnectorDescriptor.builder("%s", "Fixture %s", "1.0.0").apiVersion(%d)
                                .stream(StreamDescriptor.of("items", "company", java.util.List.of()))
                                .build();
                    }
                    public CheckResult check(ConnectorContext context) {
                        %s
                    }
                    public void read(ReadContext context) {
                    }
                }
                """.formatted(className, className, constructorBody, id, id, apiVersion, checkBody);
    }

    /** A plain, working connector. */
    static String connector(String className, String id) {
        return connector(className, id, 1, "", "return CheckResult.success();");
    }

    /**
     * Compiles the sources (fully qualified class name to source) into {@code fileName} in the
     * plugins folder, with a services file naming {@code connectorClass} (none when {@code null}).
     */
    Path jar(String fileName, String connectorClass, Map<String, String> sources, Path... extraClasspath) {
        Path classes = compile(fileName, sources, extraClasspath);
        Path jar = folder.resolve(fileName);
        try (var out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            if (connectorClass != null) {
                out.putNextEntry(new JarEntry("META-INF/services/" + Connector.class.getName()));
                out.write((connectorClass + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** A file named like a jar that is not a zip at all (a truncated download). */
    Path corrupt(String fileName) {
        try {
            return Files.write(folder.resolve(fileName), "PK\3\4 this is not a complete zip".getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the class was loaded from: a jar or a classes folder, for compiling fixtures against it. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path compile(String name, Map<String, String> sources, Path... extraClasspath) {
        try {
            Path src = Files.createDirectories(work.resolve(name + "-src"));
            Path classes = Files.createDirectories(work.resolve(name + "-classes"));
            var files = new ArrayList<String>();
            for (var source : sources.entrySet()) {
                Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                files.add(file.toString());
            }
            var classpath = new ArrayList<String>();
            classpath.add(locationOf(Connector.class).toString());
            Stream.of(extraClasspath).map(Path::toString).forEach(classpath::add);
            var arguments = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(),
                    "-classpath", String.join(java.io.File.pathSeparator, classpath)));
            arguments.addAll(files);
            var errors = new ByteArrayOutputStream();
            int status = ToolProvider.getSystemJavaCompiler().run(null, null, errors, arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("fixture " + name + " does not compile: " + errors.toString(StandardCharsets.UTF_8));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
