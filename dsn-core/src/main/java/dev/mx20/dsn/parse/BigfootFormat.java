package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bigfoot (bigfoot.com forwarding): a Sendmail-built report sent from {@code @bigfoot.com} whose
 * "----- Transcript of session follows -----" holds the SMTP dialogue ({@code >>> RCPT TO:<addr>} then the
 * remote answer as {@code <<< 553 ...}), followed by RFC 3464 fields written into the same text part and the
 * original as {@code message/partial}.
 *
 * <p>The transcript is read here rather than by {@link GenericText} because the inline delivery-status fields
 * after it would otherwise run into the diagnostic; the {@code >>>} command is kept in the diagnostic so that
 * {@link SmtpCommand} can tell a refused address (RCPT) from refused content (DATA).
 */
final class BigfootFormat extends TextFamily {
    private static final String TRANSCRIPT = "----- transcript of session follows -----";

    BigfootFormat() {
        super("bigfoot");
    }

    private static final Marker MARKER = Marker.fromContains("@bigfoot.com");

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        int inline = InlineDeliveryStatus.find(ctx.text);
        if (inline > 0 && inline <= region.length()) {
            region = region.substring(0, inline); // the fields are read by DeliveryStatusParser, not as text
        }
        List<RecipientDraft> out = readTranscript(region);
        if (out.isEmpty()) {
            int transcript = BounceText.lowerKeepingOffsets(region).indexOf(TRANSCRIPT);
            out = GenericText.extract(region, 0, transcript > 0 ? transcript : region.length(), 1000);
        }
        return out;
    }

    /**
     * One recipient per {@code >>> RCPT TO:<addr>} of the transcript, its diagnostic the command and the
     * {@code <<<} answer lines that follow it. A command other than RCPT refused before any RCPT (HELO, MAIL)
     * is charged to every recipient named elsewhere, as Sendmail does.
     */
    static List<RecipientDraft> readTranscript(String region) {
        String lower = BounceText.lowerKeepingOffsets(region);
        int start = lower.indexOf(TRANSCRIPT);
        List<RecipientDraft> out = new ArrayList<>();
        if (start < 0) {
            return out;
        }
        RecipientDraft current = null;
        StringBuilder diag = new StringBuilder();
        String pendingCommand = null;
        String talkingTo = null;
        for (String raw : region.substring(start).split("\n")) {
            String line = raw.strip();
            int talking = line.indexOf("while talking to ");
            if (talking >= 0) {
                // Sendmail: "... while talking to mx.example.org.:" names the remote MTA of what follows
                talkingTo = SendmailFormat.withoutTrailingDotsAndColons(line.substring(talking + 17)).trim();
            } else if (line.startsWith(">>> ")) {
                String cmd = line.substring(4).trim();
                String address = cmd.toLowerCase(Locale.ROOT).startsWith("rcpt to:") ? Addresses.find(cmd) : null;
                if (address != null) {
                    finish(current, diag);
                    current = new RecipientDraft(address);
                    current.remoteMta = talkingTo;
                    out.add(current);
                    diag.setLength(0);
                    diag.append(line);
                } else if (current == null) {
                    pendingCommand = line;
                } else {
                    diag.append(' ').append(line);
                }
            } else if (line.startsWith("<<< ") && current != null) {
                diag.append(' ').append(line);
            }
        }
        finish(current, diag);
        if (out.isEmpty() && pendingCommand != null) {
            // Refused before RCPT: the recipients are the ones the report lists, the answer is the session's.
            for (String l : region.substring(0, start).split("\n")) {
                String a = GenericText.leadingAddress(l.strip());
                if (a != null) {
                    RecipientDraft r = new RecipientDraft(a);
                    r.remoteMta = talkingTo;
                    finish(r, new StringBuilder(pendingCommand).append(' ').append(answers(region, start)));
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static String answers(String region, int start) {
        StringBuilder s = new StringBuilder();
        for (String raw : region.substring(start).split("\n")) {
            String line = raw.strip();
            if (line.startsWith("<<< ")) {
                s.append(s.length() == 0 ? "" : " ").append(line);
            }
        }
        return s.toString();
    }

    private static void finish(RecipientDraft r, StringBuilder diag) {
        if (r == null) {
            return;
        }
        r.diagnosticText = diag.toString().trim();
        r.diagnosticType = "smtp";
        GenericText.completeFromText(r);
    }
}
