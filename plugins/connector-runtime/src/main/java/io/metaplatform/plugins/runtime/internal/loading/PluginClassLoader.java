package io.metaplatform.plugins.runtime.internal.loading;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The class loader of one plugin jar. Its parent is the JDK's platform class loader, so nothing of
 * the application (Spring, jOOQ, Jackson, the platform's own classes) is visible; the one exception
 * is the connector SPI package, which comes from the application's loader so that plugin and
 * platform share the same {@code Connector} type. Everything else is looked up in the jar first
 * (child-first), then in the JDK: a library the plugin bundles always wins.
 */
final class PluginClassLoader extends URLClassLoader {

    static final String API_PACKAGE = "io.metaplatform.plugins.api.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader apiLoader;

    PluginClassLoader(Path jar, ClassLoader apiLoader) throws IOException {
        super("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        this.apiLoader = apiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return apiLoader.loadClass(name);
        }
        if (name.startsWith("java.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = ownOrJdk(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    private Class<?> ownOrJdk(String name) throws ClassNotFoundException {
        try {
            return findClass(name);
        } catch (ClassNotFoundException notBundled) {
            return getParent().loadClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }
}
