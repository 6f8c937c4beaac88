package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GenericText#remoteHost}: the host after "host " in a diagnostic, read at the place it was found even when
 * lower-casing the text would change its length (U+0130 lower-cases to two chars: the old code searched a lower-cased
 * copy and cut the original at the copy's indexes, so the host came out shifted, or the search ran past the end).
 */
class GenericTextRemoteHostTest {
    private static final String[] PIECES = {"host ", "HOST ", "Host ", "remote host ", "ghost ", "mx.example.com",
        "[192.0.2.1]", " said: ", "550 5.1.1 ", "user@example.org", ":", ",", ")", " ", "a", "\u00e9", "\u212a",
        "\u017f", "\u0131", "\u03a3", "mail.example.net.", "\ud801\udc00"};

    @Test
    void readsTheHostWhereItStands() {
        assertEquals("mx.example.com", GenericText.remoteHost("host mx.example.com[192.0.2.1] said: 550 no"));
        assertEquals("mx.example.com", GenericText.remoteHost("remote Host mx.example.com said: 550"));
        assertEquals("mx.example.com", GenericText.remoteHost("\u0130\u0130\u0130 host mx.example.com said: 550"));
        assertEquals("mx.example.com", GenericText.remoteHost("\u0130 ghost x.y, HOST mx.example.com, 550"));
        assertNull(GenericText.remoteHost("ghost mx.example.com said"));
        assertNull(GenericText.remoteHost("host user@example.com said"));
    }

    @Test
    void neverReadsPastTheEnd() {
        // Before the fix: StringIndexOutOfBoundsException (the lower-cased copy is longer than the text).
        assertNull(GenericText.remoteHost("\u0130\u0130\u0130\u0130\u0130\u0130 host"));
        assertEquals("a.b", GenericText.remoteHost("\u0130\u0130\u0130\u0130\u0130 host a.b"));
    }

    /** Without length-changing characters, the answers are those of searching a lower-cased copy (the old way). */
    @Test
    void sameAnswersAsTheLowerCasedSearchWhereLengthsAgree() {
        Random random = new Random(3464);
        int found = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String diag = b.toString();
            String expected = lowerCasedSearch(diag);
            assertEquals(expected, GenericText.remoteHost(diag), diag);
            found += expected == null ? 0 : 1;
        }
        assertTrue(found > 1_000, "the generator must produce hosts: " + found);
    }

    private static String lowerCasedSearch(String diag) {
        String lower = diag.toLowerCase(Locale.ROOT);
        assertEquals(diag.length(), lower.length(), "the generator must keep lengths");
        for (int i = lower.indexOf("host "); i >= 0; i = lower.indexOf("host ", i + 5)) {
            if (i == 0 || !Character.isLetter(lower.charAt(i - 1))) {
                int e = i + 5;
                while (e < diag.length() && " [:,)".indexOf(diag.charAt(e)) < 0) {
                    e++;
                }
                String host = diag.substring(i + 5, e);
                if (host.indexOf('.') > 0 && host.indexOf('@') < 0 && !host.endsWith(".")) {
                    return host;
                }
            }
        }
        return null;
    }
}
