package dev.mx20.dsn.parse;

/**
 * Haraka (the Node.js MTA; outbound/hmail.js with its shipped {@code outbound.bounce_message} template): a
 * multipart/report whose text part borrows qmail's opening ("Hi. This is the Haraka Mailer program at ...", "I'm
 * afraid I wasn't able to deliver your message") followed by "Intended Recipients:", "Failure Reason:" and one
 * {@code <user@example.com>: 550 ...} line per recipient a remote server refused, beside an RFC 3464
 * delivery-status part. Named here so that it is not reported as qmail, whose wording it imitates.
 */
final class HarakaFormat extends TextFamily {
    HarakaFormat() {
        super("haraka");
    }

    private static final Marker MARKER = Marker.text("this is the haraka mailer program");

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"i'm afraid i wasn't able to deliver"};
    }
}
