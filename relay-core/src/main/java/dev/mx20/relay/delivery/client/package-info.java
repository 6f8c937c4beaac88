/**
 * A small outbound SMTP client (RFC 5321 §3-4, RFC 2920 PIPELINING, RFC 1870 SIZE, RFC 6152 8BITMIME,
 * RFC 3461 DSN, RFC 3207 STARTTLS, RFC 2034 enhanced codes).
 *
 * <p>Written here rather than using Jakarta/Angus Mail's {@code SMTPTransport} because the relay needs what a
 * mail user agent library hides: the exact reply (code, enhanced status, every line) per RCPT for DSNs and log
 * lines, the session to continue after some recipients are refused, per-phase timeouts (RFC 5321 §4.5.3.2),
 * binding the source address per family, connecting to one given IP address (no resolver in between), and
 * passing RFC 3461 parameters through verbatim.
 */
package dev.mx20.relay.delivery.client;
