package io.metaplatform.bench;

import java.util.ArrayList;
import java.util.List;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;

/** Keeps the statements jOOQ runs while armed, to explain them afterwards. */
final class SqlCapture implements ExecuteListener {

    private volatile boolean armed;
    private final List<Query> captured = new ArrayList<>();

    @Override
    public void executeStart(ExecuteContext context) {
        if (armed && context.query() != null) {
            synchronized (captured) {
                captured.add(context.query());
            }
        }
    }

    /** Runs {@code work} armed and returns the statements it ran, in order. */
    List<Query> during(Runnable work) {
        synchronized (captured) {
            captured.clear();
        }
        armed = true;
        try {
            work.run();
        } finally {
            armed = false;
        }
        synchronized (captured) {
            return List.copyOf(captured);
        }
    }
}
