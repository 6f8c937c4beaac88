package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Zoho Mail ({@code X-ZohoMail} header, zoho.com sender). Exim-like wording, but each recipient is one line
 * {@code addr Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 ...}, and a host that could not be reached
 * is reported as {@code [Status: Error, Address: <addr>, ResponseCode 421, , Host not reachable.]}, a shape
 * the generic reader does not see as a recipient line.
 */
final class ZohoFormat extends TextFamily {
    ZohoFormat() {
        super("zoho");
    }

    private static final Marker MARKER = Marker.header("X-ZohoMail").or(Marker.fromContains("zoho.com"));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        List<RecipientDraft> out = new ArrayList<>();
        String[] lines = ctx.text.errorRegion().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            // Zoho's text is quoted-printable; sent without its Content-Transfer-Encoding the soft line breaks
            // (RFC 2045 §6.7 rule 5: "=" at the end of a line) stay in the text and cut a recipient's line
            while (line.endsWith("=") && !line.endsWith("==") && i + 1 < lines.length
                    && line.contains("ERROR_CODE :")) {
                line = line.substring(0, line.length() - 1) + lines[++i].strip();
            }
            String address = null;
            String diag = null;
            int space = line.indexOf(' ');
            if (line.contains("ERROR_CODE :") && space > 0 && line.substring(0, space).indexOf('@') > 0) {
                address = Addresses.find(line.substring(0, space));
                diag = line.substring(space + 1).trim();
            } else if (line.startsWith("[Status: ")) {
                int at = line.indexOf("Address: ");
                address = at < 0 ? null : Addresses.find(line, at + 9);
                diag = line;
            }
            if (address != null && !listed(out, address)) {
                RecipientDraft r = new RecipientDraft(address);
                r.diagnosticText = diag;
                r.diagnosticType = "smtp";
                GenericText.completeFromText(r);
                out.add(r);
            }
        }
        return out.isEmpty() ? GenericText.extractAll(ctx) : out;
    }

    private static boolean listed(List<RecipientDraft> out, String address) {
        for (RecipientDraft r : out) {
            if (r.finalRecipient.equalsIgnoreCase(address)) {
                return true;
            }
        }
        return false;
    }
}
