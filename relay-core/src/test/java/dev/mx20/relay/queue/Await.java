package dev.mx20.relay.queue;

import java.time.Duration;

/** Waits for a condition the queue's worker threads bring about (bounded; a timeout is a test failure). */
final class Await {
    /** A condition that may read the spool. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    static void until(Condition c, Duration limit, String what) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + ": not within " + limit.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }
}
