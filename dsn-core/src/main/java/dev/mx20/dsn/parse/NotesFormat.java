package dev.mx20.dsn.parse;

import java.util.List;

/**
 * Lotus Notes (before Domino's "DELIVERY FAILURE:" notices): subject "Undeliverable message", the reason and the
 * recipient under "------- Failure Reasons --------", the original after "------- Returned Message --------".
 * Sisimai (Lhost::Notes) notes that the list may hold the reason alone; the recipient is then the returned
 * message's {@code To:}.
 */
final class NotesFormat extends TextFamily {
    NotesFormat() {
        super("notes");
    }

    private static final Marker MARKER = Marker.text("------- failure reasons");

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"------- failure reasons"};
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        List<RecipientDraft> found = super.extract(ctx);
        if (!found.isEmpty()) {
            return found;
        }
        String to = Addresses.find(OriginalMessageReader.read(ctx.mail, ctx.text, 1000).to());
        if (to == null) {
            return found;
        }
        RecipientDraft r = new RecipientDraft(to);
        String region = ctx.text.errorRegion();
        String reason = GenericText.joinLines(region, startOf(region, ctx.text.lowerRegion(), startMarkers()));
        r.diagnosticText = reason.isEmpty() ? null : reason;
        GenericText.completeFromText(r);
        return List.of(r);
    }
}
