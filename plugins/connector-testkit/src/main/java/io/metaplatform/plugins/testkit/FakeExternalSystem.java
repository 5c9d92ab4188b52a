package io.metaplatform.plugins.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The external system a {@link ConnectorContractTest} runs against: the plugin author implements it
 * around a fake server of their own (typically a {@link FakeHttpServer} serving canned data). The
 * contract test starts a fresh one before each test and closes it after.
 */
public interface FakeExternalSystem extends AutoCloseable {

    /** The raw configuration of a connection that works against this fake (its base URL, valid credentials). */
    Map<String, String> goodConfiguration();

    /**
     * A configuration whose credentials the fake refuses (for example with HTTP 401). Must be present
     * when the connector's configuration has a secret property; the default has none.
     */
    default Optional<Map<String, String>> badCredentialsConfiguration() {
        return Optional.empty();
    }

    /**
     * The external ids of every record of the stream the fake holds now: what a full read must
     * return. Seed more records than one page (one checkpoint) of the connector, so that the
     * resume test has a checkpoint in the middle of the data.
     */
    Set<String> externalIds(String stream);

    /**
     * Changes the stream's data from outside the connector, as a user of the external system would:
     * adds at least one record and changes at least one existing one, moving their cursor field
     * past everything read before.
     *
     * @return the external ids added or changed: what an incremental read must return next
     * @throws UnsupportedOperationException by default; streams with a cursor field must implement it
     */
    default Set<String> addAndChangeRecords(String stream) {
        throw new UnsupportedOperationException("the fake cannot change records of " + stream);
    }

    /**
     * Answers the next {@code count} requests with {@code status} instead of serving them; a 429 or
     * 503 carries {@code Retry-After: 0}. Faults queue up in call order.
     */
    void failNextRequests(int count, int status);

    /** Requests the fake received so far, failed ones included. */
    int requestCount();

    /** Stops the fake. */
    @Override
    void close();
}
