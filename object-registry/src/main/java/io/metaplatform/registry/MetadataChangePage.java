package io.metaplatform.registry;

import java.util.List;

/**
 * A page of a tenant's metadata change log in its order (version, then time, then entry), for Relay-style paging.
 *
 * @param entries     the entries of the page
 * @param cursors     per entry, the opaque cursor to pass as {@code after} to continue after it
 * @param hasNextPage whether entries follow the last one
 */
public record MetadataChangePage(List<MetadataChangeEntry> entries, List<String> cursors, boolean hasNextPage) {

    public MetadataChangePage {
        entries = List.copyOf(entries);
        cursors = List.copyOf(cursors);
        if (entries.size() != cursors.size()) {
            throw new IllegalArgumentException("one cursor per entry");
        }
    }
}
