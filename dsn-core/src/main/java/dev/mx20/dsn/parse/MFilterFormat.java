package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;

import java.util.List;
import java.util.Locale;

/**
 * Digital Arts m-FILTER ({@code X-Mailer: m-FILTER}, subject "failure notice"): the failed addresses one per
 * line under a Japanese sentence, then "-------server message" with the remote answer and "-------SMTP command"
 * with the command it answered (on a line of its own), then "-------original message".
 *
 * <p>The answer and the command are taken from their sections; the command is recorded directly as
 * {@link SmtpCommand#FIELD} because the answer itself never names it.
 */
final class MFilterFormat extends TextFamily {
    private static final String SERVER = "-------server message";
    private static final String COMMAND = "-------smtp command";

    MFilterFormat() {
        super("mfilter");
    }

    private static final Marker MARKER = Marker.headerContains("X-Mailer", "m-filter").or(Marker.text(SERVER));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        String lower = ctx.text.lowerRegion();
        int server = lower.indexOf(SERVER);
        List<RecipientDraft> out = GenericText.extract(region, 0, server > 0 ? server : region.length(), 1000);
        String answer = server < 0 ? null : section(region, server);
        int cmdAt = lower.indexOf(COMMAND);
        String command = cmdAt < 0 ? null : section(region, cmdAt);
        String named = command == null ? null : SmtpCommand.of(">>> " + command.toLowerCase(Locale.ROOT));
        for (RecipientDraft r : out) {
            if (answer != null) {
                r.diagnosticText = answer;
                r.diagnosticType = "smtp";
                GenericText.completeFromText(r);
            }
            if (named != null) {
                r.extensionFields.add(new Field(SmtpCommand.FIELD, named));
            }
        }
        return out;
    }

    /** The non-empty lines after a section heading, up to the next blank line or heading, joined. */
    private static String section(String region, int heading) {
        StringBuilder s = new StringBuilder();
        String[] lines = region.substring(heading).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("-------")) {
                if (s.length() > 0) {
                    break;
                }
                continue;
            }
            s.append(s.length() == 0 ? "" : " ").append(line);
        }
        return s.length() == 0 ? null : s.toString();
    }
}
