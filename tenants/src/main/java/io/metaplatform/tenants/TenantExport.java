package io.metaplatform.tenants;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One tenant's export, ready to stream: the tenant exists and the caller may have it. Nothing is read
 * before {@link #writeTo}; see docs/operators/tenant-data.md for the archive's format.
 */
public interface TenantExport {

    /** A file name for the archive, such as {@code tenant-acme-2026-12-04.zip}. */
    String fileName();

    /**
     * Writes the archive (a ZIP of JSON lines per table, {@code manifest.json} last) in one consistent
     * snapshot, in constant memory. Does not close {@code out}. An archive cut short has no manifest.
     */
    void writeTo(OutputStream out) throws IOException;
}
