package io.metaplatform.registry;

import java.util.Objects;

/**
 * A change-log entry with its place in the log, as {@link RecordService#changesAfter} reads them.
 *
 * @param position where the entry sits; pass it back to continue after it
 * @param change   the entry
 */
public record PositionedChange(ChangePosition position, RecordChangeEntry change) {

    public PositionedChange {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(change, "change");
    }
}
