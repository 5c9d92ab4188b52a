package io.metaplatform.plugins.runtime;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One run of a connection.
 *
 * @param claimedBy   the server instance that ran (or runs) it
 * @param heartbeatAt when that instance last said it was still working on it
 * @param finishedAt empty while it runs
 * @param errorCode  what kind of failure ended it; empty when it succeeded (and for most cancellations), except
 *                   {@link RunErrorCode#DELETIONS_HELD_BACK}, a warning on a succeeded run
 * @param error      why it failed (or the warning), in plain words without secrets, exception names or SQL; empty unless it
 *                   failed or has a warning
 */
public record ConnectionRun(
        UUID id,
        UUID connectionId,
        RunTrigger trigger,
        RunStatus status,
        String claimedBy,
        Instant startedAt,
        Instant heartbeatAt,
        Optional<Instant> finishedAt,
        long read,
        long created,
        long updated,
        long unchanged,
        long deleted,
        long failed,
        Optional<RunErrorCode> errorCode,
        Optional<String> error) {
}
