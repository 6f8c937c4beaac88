package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Headers#parseBlock(String, int, int, boolean, int)} reads fields in place; it must give what the line-copying
 * reader it replaced gave ({@link #reference}, kept here verbatim), for whole texts and for ranges of them.
 */
class HeadersParseBlockTest {
    private static final String[] PIECES = {
        "Final-Recipient: rfc822; a@example.com", "Action: failed", "Status : 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1",
        "  continued text ", "\tmore", " ", "\t", "", "\r", ":no name", "no colon here", "Bad Name: x", "X-\u00e9: y",
        "Name:", "Name:   ", "A:b:c", "  ", "Remote-MTA: dns; mx.example.com (comment)", "x\u3042: y", "\u00a0: z",
        "Subject: caf\u00e9 \u3042", "\u2003indented", "K: v\u2003", "Reporting-MTA:\tdns;\thost",
    };

    @Test
    void sameFieldsAsTheLineCopyingReader() {
        Random random = new Random(22112026);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int lines = random.nextInt(12);
            for (int i = 0; i < lines; i++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
                b.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
            }
            if (random.nextBoolean() && b.length() > 0) {
                b.setLength(b.length() - 1); // no line break at the end
            }
            String text = b.toString();
            boolean stop = random.nextBoolean();
            int max = 1 + random.nextInt(8);
            assertEquals(reference(text, stop, max), Headers.parseBlock(text, stop, max), text);
            int from = text.isEmpty() ? 0 : random.nextInt(text.length());
            int to = from + random.nextInt(text.length() - from + 1);
            String context = "[" + from + ", " + to + ") of " + text;
            assertEquals(reference(text.substring(from, to), stop, max), Headers.parseBlock(text, from, to, stop, max),
                    context);
        }
    }

    /** The reader before it worked in place. */
    private static List<Field> reference(String text, boolean stopAtBlank, int maxFields) {
        List<Field> out = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int pos = 0;
        int len = text.length();
        while (pos < len && out.size() < maxFields) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = len;
            }
            int end = eol;
            if (end > pos && text.charAt(end - 1) == '\r') {
                end--;
            }
            String line = text.substring(pos, end);
            pos = eol + 1;
            if (line.isBlank()) {
                if (stopAtBlank && (name != null || !out.isEmpty())) {
                    break;
                }
                continue;
            }
            char c0 = line.charAt(0);
            if ((c0 == ' ' || c0 == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && Headers.isFieldName(line, colon)) {
                if (name != null) {
                    out.add(new Field(name, value.toString().trim()));
                }
                name = line.substring(0, colon).trim();
                value.setLength(0);
                value.append(line, colon + 1, line.length());
            }
        }
        if (name != null && out.size() < maxFields) {
            out.add(new Field(name, value.toString().trim()));
        }
        return out;
    }
}
