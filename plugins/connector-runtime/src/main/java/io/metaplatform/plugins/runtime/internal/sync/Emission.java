package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import java.util.Objects;
import java.util.Set;

/** What a connector emitted to the sink, kept in emission order until the next checkpoint commits it. */
sealed interface Emission {

    String stream();

    record Upsert(String stream, ExternalRecord record) implements Emission {
        public Upsert {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(record, "record");
        }
    }

    record Deletion(String stream, String externalId) implements Emission {
        public Deletion {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(externalId, "externalId");
        }
    }

    /** Every child of {@code parent} in {@code stream} now: children of the parent stored earlier and not among them go. */
    record ChildSet(String stream, ExternalRef parent, Set<String> childIds) implements Emission {
        public ChildSet {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(parent, "parent");
            childIds = Set.copyOf(childIds);
        }
    }

    /** The link of {@code from} moves to {@code to}, unless {@code to} is linked already. */
    record Rename(String stream, String from, String to) implements Emission {
        public Rename {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** @param externalId {@code null} when unknown */
    record Rejection(String stream, String externalId, DeadLetter.Code code, String reason, String raw) implements Emission {
        public Rejection {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
            raw = raw == null ? "" : raw;
        }
    }
}
