package dev.mx20.relay.queue;

import java.time.Duration;

/**
 * Retry delays after a deferral, as Postfix spaces them: {@code minimal_backoff_time} after the first failed
 * attempt, doubling after each further one, never more than {@code maximal_backoff_time}
 * (defaults 300 s, 600 s, 1200 s, 2400 s, then 4000 s: "5 minutes rising to about an hour").
 *
 * @param minimal the first delay
 * @param maximal the cap
 */
public record Backoff(Duration minimal, Duration maximal) {
    public Backoff {
        if (minimal.isNegative() || minimal.isZero() || maximal.compareTo(minimal) < 0) {
            throw new IllegalArgumentException("need 0 < minimal_backoff_time <= maximal_backoff_time");
        }
    }

    /** @return the delay after the {@code attempts}-th failed attempt (1 = the first) */
    public Duration after(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        Duration d = minimal;
        for (int i = 0; i < doublings && d.compareTo(maximal) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maximal) > 0 ? maximal : d;
    }
}
