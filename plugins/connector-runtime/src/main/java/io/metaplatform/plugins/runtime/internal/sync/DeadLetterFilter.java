package io.metaplatform.plugins.runtime.internal.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * Which of a connection's dead letters a list, a resolve or a retry covers.
 *
 * @param stream         only this stream's; empty for every stream
 * @param code           only letters of this kind; empty for every kind
 * @param unresolvedOnly leave out letters an admin marked resolved (or a retry resolved)
 */
public record DeadLetterFilter(Optional<String> stream, Optional<DeadLetter.Code> code, boolean unresolvedOnly) {

    /** Every dead letter. */
    public static final DeadLetterFilter ALL = new DeadLetterFilter(Optional.empty(), Optional.empty(), false);

    /** A filter from the admin API's arguments: a blank or missing stream or code means any. */
    public static DeadLetterFilter of(String stream, String code, boolean unresolvedOnly) {
        return new DeadLetterFilter(Optional.ofNullable(stream).filter(name -> !name.isBlank()),
                Optional.ofNullable(code).filter(name -> !name.isBlank()).map(DeadLetter.Code::valueOf), unresolvedOnly);
    }

    public DeadLetterFilter {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(code, "code");
    }
}
