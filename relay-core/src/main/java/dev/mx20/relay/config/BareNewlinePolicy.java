package dev.mx20.relay.config;

/**
 * What the SMTP server does with a line ending in a bare LF ({@code smtpd_forbid_bare_newline}, as in Postfix 3.9),
 * the defence against SMTP smuggling (CVE-2023-51764 family).
 * In every mode the end of DATA is recognised only on {@code CRLF.CRLF} (RFC 5321 §4.1.1.4).
 */
public enum BareNewlinePolicy {
    /** Accept bare LF inside commands and message lines and store them as CRLF (Postfix 3.9 default). */
    NORMALIZE,
    /** Reply {@code 521 5.5.2} and disconnect on any bare LF. */
    REJECT
}
