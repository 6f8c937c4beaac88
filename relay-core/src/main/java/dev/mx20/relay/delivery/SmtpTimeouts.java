package dev.mx20.relay.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Outbound SMTP timeouts. The defaults are Postfix's, which follow RFC 5321 §4.5.3.2 (where the RFC gives a
 * minimum, Postfix's value is used when it is at least that minimum).
 *
 * @param connect  TCP connect, per address ({@code smtp_connect_timeout}, 30 s)
 * @param helo     the 220 greeting and the EHLO/HELO reply ({@code smtp_helo_timeout}, 300 s; RFC: greeting 5 min)
 * @param starttls the STARTTLS reply and TLS handshake ({@code smtp_starttls_timeout}, 300 s)
 * @param mail     the MAIL FROM reply ({@code smtp_mail_timeout}, 300 s; RFC §4.5.3.2.2: 5 min)
 * @param rcpt     each RCPT TO reply ({@code smtp_rcpt_timeout}, 300 s; RFC §4.5.3.2.3: 5 min)
 * @param dataInit the 354 reply to DATA ({@code smtp_data_init_timeout}, 120 s; RFC §4.5.3.2.4: 2 min)
 * @param dataXfer each write of message content ({@code smtp_data_xfer_timeout}, 180 s; RFC §4.5.3.2.5: 3 min)
 * @param dataDone the reply after the final "." ({@code smtp_data_done_timeout}, 600 s; RFC §4.5.3.2.6: 10 min)
 * @param quit     the QUIT reply ({@code smtp_quit_timeout}, 300 s)
 */
public record SmtpTimeouts(Duration connect, Duration helo, Duration starttls, Duration mail, Duration rcpt,
                           Duration dataInit, Duration dataXfer, Duration dataDone, Duration quit) {

    /** Postfix's defaults. */
    public static final SmtpTimeouts DEFAULTS = new SmtpTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(300),
            Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(120),
            Duration.ofSeconds(180), Duration.ofSeconds(600), Duration.ofSeconds(300));

    public SmtpTimeouts {
        for (Duration d : new Duration[] {connect, helo, starttls, mail, rcpt, dataInit, dataXfer, dataDone, quit}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout must be positive and below 24 days: " + d);
            }
        }
    }

    /** The same value for every timeout (tests). */
    public static SmtpTimeouts all(Duration d) {
        return new SmtpTimeouts(d, d, d, d, d, d, d, d, d);
    }

    /** A copy with another connect timeout. */
    public SmtpTimeouts withConnect(Duration d) {
        return new SmtpTimeouts(d, helo, starttls, mail, rcpt, dataInit, dataXfer, dataDone, quit);
    }
}
