package dev.mx20.dsn.mbox;

/**
 * One message cut out of a mailbox.
 *
 * @param index    1-based position in the mailbox
 * @param fromLine the From_ line that started it, without its line end (capped at 1,000 characters)
 * @param size     the message's size in bytes, after un-escaping; for a message too large to keep, every byte
 *                 up to the next From_ line (the separator blank line included)
 * @param content  the message (RFC 5322 bytes, >From un-escaped), or {@code null} when {@code size} was over
 *                 the per-message limit and the message was skipped; a fresh array of its own (the reader
 *                 keeps no reference to it)
 */
public record MboxMessage(int index, String fromLine, long size, byte[] content) {

    /** Whether the message was over the per-message limit (and {@link #content()} is {@code null}). */
    public boolean tooLarge() {
        return content == null;
    }

    /** The envelope sender named on the From_ line ({@code MAILER-DAEMON} for most bounces), or {@code null}. */
    public String envelopeSender() {
        String rest = fromLine.length() > 5 ? fromLine.substring(5).strip() : "";
        int space = rest.indexOf(' ');
        String sender = space < 0 ? rest : rest.substring(0, space);
        return sender.isEmpty() ? null : sender;
    }
}
