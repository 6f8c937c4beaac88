package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Microsoft Exchange (2007 and later) and Exchange Online / Office 365 non-delivery reports. Exchange writes the
 * human part of an NDR in the language of the organisation that generates it ("Delivery has failed to these
 * recipients or groups:", "Échec de la remise ...", "Uw bericht kan niet worden bezorgd ..."), so this reader keys
 * on what every language shares:
 * <ul>
 * <li>the administrators' section: a line holding only the recipient's address, then the line with the answer
 * ({@code #550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##}, {@code mx.example.org #550 5.1.1 ... ##},
 * {@code Remote Server returned '550 5.1.1 ...'}), which carries an SMTP reply code and an RFC 3463 status in
 * every language;</li>
 * <li>the newer Exchange Online template ("Original Message Details" / "Error Details" in English): one labelled
 * line whose value is the reply code, status and answer ("Reported error: 550 5.1.10 RESOLVER..."); the label is
 * translated, the value is not.</li>
 * </ul>
 * Anything else (a reply without that structure) goes to the shared readers, as for any {@link MarkerFamily}.
 */
final class MicrosoftNdr extends MarkerFamily {
    /** The system mailbox Exchange 2013+ and Exchange Online send NDRs from; the same name in every organisation. */
    static final String SYSTEM_MAILBOX = "microsoftexchange329e71ec88ae4615bbc36ab6ce41109e@";

    /**
     * "Diagnostic information for administrators:" as Exchange writes it in other languages (lower-case, without
     * the colon, whose spacing differs: French puts a space before it). Sources: Microsoft's localised Exchange
     * documentation and Sisimai's Exchange2007/Office365 tables.
     */
    private static final String[] ADMIN_HEADINGS = {
        "diagnoseinformationen für administratoren", // de
        "informations de diagnostic pour les administrateurs", // fr
        "informazioni di diagnostica per gli amministratori", // it
        "diagnostische gegevens voor beheerders", // nl
        "informações de diagnóstico para administradores", // pt
        "información de diagnóstico para administradores", // es
        "diagnostisk information för administratörer", // sv
    };

    /** Subject prefixes of Exchange NDRs ("Undeliverable:") in other languages, lower-case (Sisimai's lists). */
    private static final String[] SUBJECT_PREFIXES = {
        "unzustellbar:", "non remis", "non recapitabile", "onbestelbaar:", "não entregue:", "olevererbart:",
        "no se puede entregar:",
    };

    MicrosoftNdr(String name, Marker marker, String... startMarkers) {
        super(name, marker, startMarkers);
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        List<RecipientDraft> found = addressThenAnswer(region);
        if (!found.isEmpty()) {
            return found;
        }
        found = extractFromText(ctx); // not MarkerFamily's fallbacks: GenericText below
        if (found.isEmpty()) {
            found = GenericText.extractAll(ctx);
        }
        if (found.size() == 1) {
            String reported = reportedError(region);
            if (reported != null) {
                // the labelled "Reported error:" value is the remote answer; the lines around it are the template
                RecipientDraft r = found.get(0);
                r.diagnosticText = reported;
                r.diagnosticType = "smtp";
                GenericText.completeFromText(r);
            }
        }
        return found;
    }

    /** Exchange Online's own host names in the text (the generating server) or in the NDR's Message-ID. */
    static boolean hostedByMicrosoft(BounceContext ctx) {
        String id = ctx.headerLower("Message-ID");
        return TextFamily.any(ctx.text.lowerRegion(), ".prod.outlook.com", ".protection.outlook.com",
                ".prod.exchangelabs.com") || TextFamily.any(id, ".prod.outlook.com", ".prod.exchangelabs.com");
    }

    /**
     * Exchange's NDR structure, whatever the language (see the class comment): the system mailbox as sender; a
     * translated "diagnostic information for administrators" heading (after one scan for what the headings share,
     * "...ministra...", administrators in six languages, Italian amministratori, or Dutch "beheerders": this runs on
     * most messages); a translated "Undeliverable:" subject with Content-Language; or "#550 5.1.1 ... ##" after a line
     * holding only the address (the administrators' section).
     */
    static final Marker EXCHANGE_STRUCTURE = Marker.fromContains(SYSTEM_MAILBOX)
            .or(Marker.anyText("ministra", "beheerders").and(c -> TextFamily.any(c.text.lowerRegion(), ADMIN_HEADINGS)))
            .or(Marker.header("Content-Language").and(MicrosoftNdr::translatedSubject))
            .or(Marker.text(" ##").and(c -> !addressThenAnswer(c.text.errorRegion()).isEmpty()));

    private static boolean translatedSubject(BounceContext ctx) {
        for (String p : SUBJECT_PREFIXES) {
            if (ctx.subject.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The administrators' section: each line that holds only an address ({@code user@example.org},
     * {@code user@example.org<mailto:user@example.org>}) followed by a line with a reply code and a status.
     */
    static List<RecipientDraft> addressThenAnswer(String region) {
        List<RecipientDraft> out = new ArrayList<>();
        String[] lines = region.split("\n");
        for (int i = 0; i + 1 < lines.length && out.size() < 1000; i++) {
            String address = bareAddress(lines[i].trim());
            if (address == null) {
                continue;
            }
            int j = i + 1;
            while (j < lines.length - 1 && lines[j].isBlank() && j < i + 2) {
                j++;
            }
            String answer = lines[j].trim();
            if (!isAnswer(answer) || contains(out, address)) {
                continue;
            }
            RecipientDraft r = new RecipientDraft(address);
            int hash = answer.indexOf('#');
            int close = answer.indexOf(" ##");
            if (close > 0) {
                answer = answer.substring(0, close).trim(); // "... ##" or "... ##rfc822;user@example.org"
            }
            if (hash >= 0 && hash + 1 < answer.length() && Character.isDigit(answer.charAt(hash + 1))) {
                // "#550 5.1.1 ... ##" (Exchange's own answer) or "mx.example.org #550 5.1.1 User unknown ##"
                // (the remote host, then its answer)
                String host = answer.substring(0, hash).trim();
                if (host.isEmpty()) {
                    answer = answer.substring(hash + 1).trim();
                } else if (host.indexOf('.') > 0 && host.indexOf(' ') < 0 && host.indexOf('@') < 0) {
                    r.remoteMta = host;
                    answer = answer.substring(hash + 1).trim();
                }
            }
            // Exchange lists every attempt ("<time> - Remote Server at ... returned '...'") as further lines of
            // the same paragraph: they belong to the answer (the last attempt's code is often the cause)
            StringBuilder text = new StringBuilder(answer);
            while (j + 1 < lines.length && !lines[j + 1].isBlank() && bareAddress(lines[j + 1].trim()) == null
                    && text.length() < 4000) {
                text.append(' ').append(lines[++j].trim());
            }
            r.diagnosticText = text.toString();
            r.diagnosticType = "smtp";
            GenericText.completeFromText(r);
            out.add(r);
            i = j;
        }
        return out;
    }

    /**
     * The value of the first labelled line whose value is an SMTP answer with text after its codes
     * ("Reported error: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; ..."), from the reply code on; {@code null}
     * when there is none. A line with only codes ("Status code: 550 5.1.10") is not an answer.
     */
    static String reportedError(String region) {
        int pos = 0;
        while (pos < region.length()) {
            int eol = region.indexOf('\n', pos);
            String line = region.substring(pos, eol < 0 ? region.length() : eol).trim();
            pos = eol < 0 ? region.length() : eol + 1;
            int colon = line.indexOf(':');
            int wide = line.indexOf('\uFF1A'); // the full-width colon of Japanese and Chinese labels
            if (wide > 0 && (colon < 0 || wide < colon)) {
                colon = wide;
            }
            if (colon <= 0 || colon > 40) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            String status = StatusCodes.statusAfterReplyCode(value);
            if (status == null || !Character.isDigit(value.charAt(0))) {
                continue;
            }
            int after = value.indexOf(status) + status.length();
            if (after < value.length() && value.substring(after).trim().length() > 3) {
                return value;
            }
        }
        return null;
    }

    private static boolean isAnswer(String line) {
        return StatusCodes.findStatus(line) != null
                && (line.startsWith("#") || line.contains(" #") || StatusCodes.findReplyCode(line) != null);
    }

    /** The address a line consists of (optionally in brackets, optionally with Outlook's {@code <mailto:>}). */
    private static String bareAddress(String line) {
        if (line.indexOf('@') < 0) {
            return null;
        }
        int start = 0;
        while (start < line.length() && (line.charAt(start) == '<' || line.charAt(start) == '(')) {
            start++;
        }
        int[] span = Addresses.findSpan(line, start);
        if (span == null || span[0] != start) {
            return null;
        }
        int end = span[1];
        while (end < line.length() && (line.charAt(end) == '>' || line.charAt(end) == ')')) {
            end++;
        }
        String rest = line.substring(end);
        if (!rest.isEmpty() && !(rest.regionMatches(true, 0, "<mailto:", 0, 8) && rest.endsWith(">"))) {
            return null;
        }
        return line.substring(span[0], span[1]);
    }

    private static boolean contains(List<RecipientDraft> list, String address) {
        for (RecipientDraft r : list) {
            if (r.finalRecipient.equalsIgnoreCase(address)) {
                return true;
            }
        }
        return false;
    }
}
