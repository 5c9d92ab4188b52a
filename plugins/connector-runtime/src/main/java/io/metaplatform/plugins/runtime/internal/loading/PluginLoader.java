package io.metaplatform.plugins.runtime.internal.loading;

import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorApi;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.RefusedPlugin;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every {@code *.jar} of one or more folders, in file-name order, each in its own {@link PluginClassLoader},
 * and finds its connector with {@link ServiceLoader}. A jar that cannot be used is refused with one
 * WARN line and kept as a {@link RefusedPlugin}; nothing a plugin does stops the server from starting.
 * When two jars declare the same connector id, the first by file name is loaded and the later one refused,
 * so the outcome does not depend on the order the file system lists the folder in.
 */
final class PluginLoader {

    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);
    private static final String SERVICES_FILE = "META-INF/services/" + Connector.class.getName();

    private final ClassLoader apiLoader;

    PluginLoader(ClassLoader apiLoader) {
        this.apiLoader = apiLoader;
    }

    /** The loader whose SPI types are the platform's own. */
    static PluginLoader forPlatform() {
        return new PluginLoader(Connector.class.getClassLoader());
    }

    PluginCatalog load(Path folder) {
        return load(List.of(folder));
    }

    /**
     * Loads the jars of every folder, the folders in the order given and each folder's jars by file name;
     * a connector id already loaded from an earlier jar (of this folder or an earlier one) is refused.
     */
    PluginCatalog load(List<Path> folders) {
        var loaded = new LinkedHashMap<String, LoadedConnector>();
        var refused = new ArrayList<RefusedPlugin>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                log.info("No plugins folder at {}: no connector plugins loaded from there", folder.toAbsolutePath().normalize());
                continue;
            }
            int loadedBefore = loaded.size();
            int refusedBefore = refused.size();
            for (Path jar : jarsIn(folder)) {
                switch (loadOne(jar)) {
                    case Loaded(var connector) when loaded.containsKey(connector.id()) -> {
                        close(connector.classLoader());
                        refused.add(refuse(new RefusedPlugin(connector.source(), connector.id(),
                                "duplicate connector id " + connector.id() + ", already loaded from " + loaded.get(connector.id()).source())));
                    }
                    case Loaded(var connector) -> {
                        loaded.put(connector.id(), connector);
                        var descriptor = connector.descriptor();
                        log.info("Loaded connector plugin {} {} (connector SPI {}) from {}",
                                descriptor.id(), descriptor.version(), descriptor.apiVersion(), connector.source());
                    }
                    case Refused(var plugin) -> refused.add(refuse(plugin));
                }
            }
            log.info("Connector plugins in {}: {} loaded {}, {} refused", folder.toAbsolutePath().normalize(),
                    loaded.size() - loadedBefore, loaded.keySet().stream().skip(loadedBefore).toList(), refused.size() - refusedBefore);
        }
        return new PluginCatalog(List.copyOf(loaded.values()), refused);
    }

    private static List<Path> jarsIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            log.warn("Cannot list the plugins folder {}: {}; no connector plugins loaded", folder, e.getMessage());
            return List.of();
        }
    }

    private Outcome loadOne(Path jar) {
        String source = jar.getFileName().toString();
        try (var file = new JarFile(jar.toFile())) {
            if (file.getEntry(SERVICES_FILE) == null) {
                return new Refused(new RefusedPlugin(source, null, "declares no connector (" + SERVICES_FILE + " is missing)"));
            }
        } catch (IOException | SecurityException e) {
            return new Refused(new RefusedPlugin(source, null, "not a readable jar (" + oneLine(e) + ")"));
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(jar, apiLoader);
        } catch (IOException e) {
            return new Refused(new RefusedPlugin(source, null, "not a readable jar (" + oneLine(e) + ")"));
        }
        Outcome outcome = instantiate(source, loader);
        if (outcome instanceof Refused) {
            close(loader);
        }
        return outcome;
    }

    private static Outcome instantiate(String source, PluginClassLoader loader) {
        List<Connector> connectors;
        try {
            connectors = inLoader(loader, () -> ServiceLoader.load(Connector.class, loader).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList());
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            return new Refused(new RefusedPlugin(source, null, "its connector could not be created: " + describe(e)));
        }
        if (connectors.size() != 1) {
            return new Refused(new RefusedPlugin(source, null, connectors.isEmpty()
                    ? "declares no connector (" + SERVICES_FILE + " is empty)"
                    : "declares " + connectors.size() + " connectors; a plugin jar holds exactly one"));
        }
        Connector connector = connectors.getFirst();
        ConnectorDescriptor descriptor;
        try {
            descriptor = inLoader(loader, connector::descriptor);
        } catch (RuntimeException | LinkageError e) {
            return new Refused(new RefusedPlugin(source, null, "its descriptor() failed: " + describe(e)));
        }
        if (descriptor == null) {
            return new Refused(new RefusedPlugin(source, null, "its descriptor() returned null"));
        }
        if (descriptor.apiVersion() != ConnectorApi.VERSION) {
            return new Refused(new RefusedPlugin(source, descriptor.id(), "built for connector SPI version "
                    + descriptor.apiVersion() + ", this platform implements version " + ConnectorApi.VERSION));
        }
        return new Loaded(new LoadedConnector(descriptor, connector, loader, source));
    }

    private static RefusedPlugin refuse(RefusedPlugin plugin) {
        log.warn("Refused connector plugin {}{}: {}", plugin.source(),
                plugin.connectorId() == null ? "" : " (id " + plugin.connectorId() + ")", plugin.reason());
        return plugin;
    }

    /** Runs a call into the plugin, as {@link LoadedConnector#call} does, before there is a {@code LoadedConnector}. */
    private static <T> T inLoader(ClassLoader loader, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static void close(ClassLoader loader) {
        if (loader instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                log.debug("Closing a plugin class loader failed", e);
            }
        }
    }

    /** The outermost message and the root cause, on one line: a log line or an admin-facing reason, never a stack trace. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? oneLine(failure) : oneLine(failure) + " (caused by " + oneLine(root) + ")";
    }

    private static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        String text = message == null ? failure.getClass().getName() : failure.getClass().getName() + ": " + message;
        return text.replaceAll("\\s+", " ").strip();
    }

    private sealed interface Outcome {
    }

    private record Loaded(LoadedConnector connector) implements Outcome {
    }

    private record Refused(RefusedPlugin plugin) implements Outcome {
    }
}
