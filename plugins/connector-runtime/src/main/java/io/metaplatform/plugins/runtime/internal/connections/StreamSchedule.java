package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When each stream of a connection is due in scheduled runs: a stream reads every {@code pullEvery}
 * and pushes every {@code pushEvery}, each falling back to the connection's schedule interval, counted
 * from when that stream and direction last ran. A stream that never ran is due at once. A stream that
 * lists all its ids is also reconciled every {@code reconcileEvery} (a complete read that deletes what
 * vanished externally); a reconciliation stands in for that run's read.
 */
final class StreamSchedule {

    /** Runs start streams due this soon as well, so that streams due moments apart share one run. */
    static final Duration GRACE = Duration.ofSeconds(30);

    enum Direction { PULL, PUSH, RECONCILE }

    /** One direction of one stream. */
    record Key(String stream, Direction direction) {
    }

    private StreamSchedule() {
    }

    /** Whether the stream's direction is due at {@code now} in a scheduled run. */
    static boolean due(StreamSettings stream, Direction direction, Map<Key, Instant> lastRuns, Duration schedule, Instant now) {
        return dueAt(stream, direction, lastRuns, schedule).map(at -> !at.isAfter(now.plus(GRACE))).orElse(true);
    }

    /**
     * When the next scheduled run is due: at the earliest due direction of the enabled streams (push only
     * where turned on), never before {@code now}; empty when no stream is enabled.
     */
    static Optional<Instant> next(List<StreamSettings> streams, Map<Key, Instant> lastRuns, Duration schedule, Instant now) {
        Optional<Instant> next = Optional.empty();
        for (StreamSettings stream : streams) {
            if (!stream.enabled()) {
                continue;
            }
            next = earlier(next, dueAt(stream, Direction.PULL, lastRuns, schedule).orElse(now));
            if (stream.push()) {
                next = earlier(next, dueAt(stream, Direction.PUSH, lastRuns, schedule).orElse(now));
            }
            if (stream.reconcileEvery().isPresent()) {
                next = earlier(next, dueAt(stream, Direction.RECONCILE, lastRuns, schedule).orElse(now));
            }
        }
        return next.map(at -> at.isBefore(now) ? now : at);
    }

    /** Whether the stream is reconciled and its reconciliation is due at {@code now}; a run of any trigger reconciles only then. */
    static boolean reconcileDue(StreamSettings stream, Map<Key, Instant> lastRuns, Instant now) {
        return stream.reconcileEvery().isPresent() && due(stream, Direction.RECONCILE, lastRuns, stream.reconcileEvery().get(), now);
    }

    private static Optional<Instant> dueAt(StreamSettings stream, Direction direction, Map<Key, Instant> lastRuns, Duration schedule) {
        Duration every = switch (direction) {
            case PULL -> stream.pullEvery().orElse(schedule);
            case PUSH -> stream.pushEvery().orElse(schedule);
            case RECONCILE -> stream.reconcileEvery().orElse(schedule);
        };
        return Optional.ofNullable(lastRuns.get(new Key(stream.stream(), direction))).map(last -> last.plus(every));
    }

    private static Optional<Instant> earlier(Optional<Instant> current, Instant candidate) {
        return Optional.of(current.filter(at -> at.isBefore(candidate)).orElse(candidate));
    }
}
