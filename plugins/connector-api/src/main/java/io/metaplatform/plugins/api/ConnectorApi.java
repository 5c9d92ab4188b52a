package io.metaplatform.plugins.api;

/**
 * The version of this SPI. A plugin declares the version it was built for in
 * {@link ConnectorDescriptor#apiVersion()}; the platform loads it only when that version equals
 * {@link #VERSION}. The version changes only for incompatible changes; new context methods and
 * new {@code default} hooks do not change it.
 */
public final class ConnectorApi {

    /** The SPI version implemented by the platform that ships this jar. */
    public static final int VERSION = 1;

    private ConnectorApi() {
    }
}
