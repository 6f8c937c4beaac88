package dev.mx20.relay.validate;

import java.time.Duration;
import java.util.Objects;

/**
 * Active probes: off unless explicitly enabled. When on, the validator connects to port 25 of every MX address
 * (over that address's family) and asks the relay about three recipients (MAIL FROM:&lt;&gt; and RCPT only: no
 * message is ever sent, the transaction is reset and the session ends with QUIT).
 *
 * @param enabled  false: no connection is made
 * @param port     the SMTP port (25; tests point it at a loopback server)
 * @param timeout  connect and per-reply timeout
 * @param heloName the name the probe sends in EHLO
 */
public record ProbeOptions(boolean enabled, int port, Duration timeout, String heloName) {
    public ProbeOptions {
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(heloName);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** No probes (the default). */
    public static ProbeOptions disabled() {
        return new ProbeOptions(false, 25, Duration.ofSeconds(10), "localhost");
    }

    /** Probes on port 25 with the given timeout and EHLO name. */
    public static ProbeOptions enabled(Duration timeout, String heloName) {
        return new ProbeOptions(true, 25, timeout, heloName);
    }
}
