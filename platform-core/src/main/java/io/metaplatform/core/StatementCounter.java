package io.metaplatform.core;

/**
 * Counts the SQL statements jOOQ executes and the transactions begun on the current thread, so a request can
 * report (and tests and benchmarks can check) how many of each it cost. Thread-confined.
 */
public final class StatementCounter {

    // [0] statements, [1] transactions
    private static final ThreadLocal<int[]> COUNT = ThreadLocal.withInitial(() -> new int[2]);

    private StatementCounter() {
    }

    /** Starts counting statements and transactions from zero on this thread. */
    public static void reset() {
        int[] count = COUNT.get();
        count[0] = 0;
        count[1] = 0;
    }

    /** Statements executed on this thread since the last {@link #reset()}. */
    public static int count() {
        return COUNT.get()[0];
    }

    /** Transactions begun on this thread since the last {@link #reset()}. */
    public static int transactions() {
        return COUNT.get()[1];
    }

    /** Called for every statement; not for application code. */
    public static void increment() {
        COUNT.get()[0]++;
    }

    /** Called when a transaction begins; not for application code. */
    public static void transactionBegun() {
        COUNT.get()[1]++;
    }
}
