package io.metaplatform.core;

/**
 * Counts the SQL statements jOOQ executes on the current thread, so a request can report (and tests
 * and benchmarks can check) how many statements it cost. Thread-confined.
 */
public final class StatementCounter {

    private static final ThreadLocal<int[]> COUNT = ThreadLocal.withInitial(() -> new int[1]);

    private StatementCounter() {
    }

    /** Starts counting from zero on this thread. */
    public static void reset() {
        COUNT.get()[0] = 0;
    }

    /** Statements executed on this thread since the last {@link #reset()}. */
    public static int count() {
        return COUNT.get()[0];
    }

    /** Called for every statement; not for application code. */
    public static void increment() {
        COUNT.get()[0]++;
    }
}
