package dev.mx20.dsn.parse;

/**
 * nullmailer 2.x (nullmailer-dsn, called by nullmailer-send when its smarthost refuses a message or the queue
 * lifetime runs out): a multipart/report whose text part reads "This is the nullmailer delivery system. The
 * message attached below could not be delivered (or: has not been delivered) to one or more of the intended
 * recipients:" followed by the addresses, beside an RFC 3464 delivery-status part. Its subject, "Returned mail:
 * Could not send message", is Sendmail's form, so it is named here before {@link SendmailFormat} would claim it.
 */
final class NullmailerFormat extends TextFamily {
    NullmailerFormat() {
        super("nullmailer");
    }

    private static final Marker MARKER = Marker.text("this is the nullmailer delivery system");

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"this is the nullmailer delivery system"};
    }
}
