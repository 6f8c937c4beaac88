package dev.mx20.dsn.mbox;

import java.io.IOException;

/** The mailbox grew past its size limit while being read ({@link MboxReader}); reading stops there. */
public final class MailboxTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    /** @param limit the mailbox size limit that was passed, in bytes */
    public MailboxTooLargeException(long limit) {
        super("the mailbox is larger than " + limit + " bytes");
        this.limit = limit;
    }

    /** The mailbox size limit that was passed, in bytes. */
    public long limit() {
        return limit;
    }
}
