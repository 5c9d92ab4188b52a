package io.metaplatform.plugins.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one record of a {@link Connector#writeBatch}: written, or refused with the exception
 * {@link Connector#write} would have thrown for it ({@link RecordRejectedException} or {@link ConflictException}).
 *
 * @param written the external id and version after the write, when it was written
 * @param refused why it was not, otherwise
 */
public record WriteOutcome(Optional<WriteResult> written, Optional<ConnectorException> refused) {

    public WriteOutcome {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(refused, "refused");
        if (written.isPresent() == refused.isPresent()) {
            throw new IllegalArgumentException("an outcome is either written or refused");
        }
        refused.ifPresent(exception -> {
            if (!(exception instanceof RecordRejectedException) && !(exception instanceof ConflictException)) {
                throw new IllegalArgumentException("a record is refused with RecordRejectedException or ConflictException");
            }
        });
    }

    public static WriteOutcome written(WriteResult result) {
        return new WriteOutcome(Optional.of(result), Optional.empty());
    }

    public static WriteOutcome refused(ConnectorException exception) {
        return new WriteOutcome(Optional.empty(), Optional.of(exception));
    }
}
