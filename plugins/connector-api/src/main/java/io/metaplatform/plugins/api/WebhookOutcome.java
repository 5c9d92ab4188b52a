package io.metaplatform.plugins.api;

import java.util.List;
import java.util.Objects;

/**
 * What a verified webhook asks the platform to do.
 *
 * @param fetch records to fetch with {@link Connector#readOne} (or streams to read incrementally)
 */
public record WebhookOutcome(List<Fetch> fetch) {

    public WebhookOutcome {
        fetch = List.copyOf(fetch);
    }

    /** Nothing to do (an event the connector ignores). */
    public static WebhookOutcome ignore() {
        return new WebhookOutcome(List.of());
    }

    /**
     * One thing to fetch.
     *
     * @param stream     the stream
     * @param externalId the record to read, or {@code null} for an incremental read of the stream
     * @param deleted    whether the event says the record was deleted (then nothing is fetched)
     */
    public record Fetch(String stream, String externalId, boolean deleted) {

        public Fetch {
            Objects.requireNonNull(stream, "stream");
        }
    }
}
