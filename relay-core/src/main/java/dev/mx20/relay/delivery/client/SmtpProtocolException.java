package dev.mx20.relay.delivery.client;

import java.io.IOException;

/** The server sent something that is not an SMTP reply (RFC 5321 §4.2 syntax), or far too much of it. */
public final class SmtpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public SmtpProtocolException(String message) {
        super(message);
    }
}
