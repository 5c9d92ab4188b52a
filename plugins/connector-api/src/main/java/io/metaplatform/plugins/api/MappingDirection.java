package io.metaplatform.plugins.api;

/** Which way a field mapping carries values. */
public enum MappingDirection {
    /** External system to platform only. */
    READ,
    /** Platform to external system only. */
    WRITE,
    /** Both ways. */
    BOTH;

    public boolean reads() {
        return this != WRITE;
    }

    public boolean writes() {
        return this != READ;
    }
}
