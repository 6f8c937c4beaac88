package dev.mx20.rest.mbox;

import java.io.IOException;

/** The mailbox grew past its size limit while being read; reading stops. */
public final class MailboxTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public MailboxTooLargeException(long limit) {
        super("the mailbox is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
