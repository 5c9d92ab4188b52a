package io.metaplatform.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The stop-the-world collections of this JVM (the one the platform under test runs in) over a stretch of time, from the
 * collectors' management beans: young ones (G1's young and mixed collections) apart from the others (G1's remark and
 * cleanup pauses of a concurrent cycle, full collections). The G1 finding of issue 20: a concurrent cycle every other
 * young collection made most of the half-load p99, which these counts show without a GC log.
 */
record GcPauses(long young, long youngMillis, long other, long otherMillis) {

    static final GcPauses NONE = new GcPauses(0, 0, 0, 0);

    /** The counts since this JVM started. */
    static GcPauses now() {
        long young = 0;
        long youngMillis = 0;
        long other = 0;
        long otherMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            long count = Math.max(0, collector.getCollectionCount());
            long millis = Math.max(0, collector.getCollectionTime());
            if (young(collector.getName())) {
                young += count;
                youngMillis += millis;
            } else if (!collector.getName().endsWith("Cycles")) {
                other += count;
                otherMillis += millis;
            }
        }
        return new GcPauses(young, youngMillis, other, otherMillis);
    }

    /** G1 "G1 Young Generation", Parallel "PS Scavenge", Serial "Copy"; ZGC's and Shenandoah's "... Cycles" beans count cycles, not pauses. */
    private static boolean young(String name) {
        return name.contains("Young") || name.contains("Scavenge") || name.equals("Copy") || name.equals("ParNew");
    }

    /** What happened between {@code earlier} and these counts. */
    GcPauses since(GcPauses earlier) {
        return new GcPauses(young - earlier.young, youngMillis - earlier.youngMillis, other - earlier.other, otherMillis - earlier.otherMillis);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d young pauses (%d ms), %d other (%d ms)", young, youngMillis, other, otherMillis);
    }
}
