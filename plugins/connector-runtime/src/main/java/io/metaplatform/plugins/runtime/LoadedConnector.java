package io.metaplatform.plugins.runtime;

import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A connector the catalog loaded.
 *
 * @param descriptor  what it declared at load
 * @param connector   the single instance of the plugin
 * @param classLoader the plugin's own class loader, the context class loader of every call into it
 * @param source      where it came from (jar file name, or {@code classpath} for built-in test connectors)
 */
public record LoadedConnector(ConnectorDescriptor descriptor, Connector connector, ClassLoader classLoader, String source) {

    public LoadedConnector {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(classLoader, "classLoader");
        Objects.requireNonNull(source, "source");
    }

    public String id() {
        return descriptor.id();
    }

    /** Runs a call into the plugin with its class loader as the thread's context class loader. */
    public <T> T call(Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
