package dev.mx20.relay.policy;

/**
 * The answer to one RCPT TO: an SMTP reply code, an RFC 3463 enhanced status code and a text.
 *
 * @param code     the reply code (250, 550, 554, ...)
 * @param enhanced the enhanced status code, e.g. {@code 5.1.1}
 * @param text     the human-readable part of the reply
 */
public record PolicyDecision(int code, String enhanced, String text) {
    /** @return whether the recipient is accepted */
    public boolean accepted() {
        return code / 100 == 2;
    }

    /** @return the reply line without CRLF, e.g. {@code 550 5.1.1 <x@y>: Recipient address rejected} */
    public String reply() {
        return code + " " + enhanced + " " + text;
    }
}
