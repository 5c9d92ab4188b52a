package io.metaplatform.plugins.runtime.internal.sync;

import java.util.List;

/**
 * Dead letters of a connection, newest first.
 *
 * @param endCursor pass to {@link SyncEngine#deadLetters} to continue after the last one; {@code null} when there are no more
 */
public record DeadLetterPage(List<DeadLetter> deadLetters, String endCursor) {

    public DeadLetterPage {
        deadLetters = List.copyOf(deadLetters);
    }
}
