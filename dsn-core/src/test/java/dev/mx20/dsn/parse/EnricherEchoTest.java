package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Enricher#echoesFields} reads the text in place; it must answer as the search in the lower-cased copy it
 * replaced, also for the characters whose lower case is odd (U+0130 becomes "i" and a combining dot, the Kelvin
 * sign "k", the long s stays) and for field names in any case, split, repeated or out of order.
 */
class EnricherEchoTest {
    private static final String[] PIECES = {"action: ", "ACTION: ", "Action: ", "AcTiOn: ", "status: ", "STATUS: ",
        "Status: ", "sTaTuS: ", "action:", "status:", "action :", "actİon: ", "İaction: ", "statuſ: ", "ſtatus: ",
        "\u212aaction: ", "action:\u00a0", "action", "status", "ction: ", "tatus: ", ": ", ":", " ", "a", "s", "İ",
        "\u212a", "failed", "5.1.1", "\n", "\r\n", "ção", "ÄCTION: ", "x-action: ", "Final-Recipient: rfc822; a@b"};

    @Test
    void answersAsTheLowerCasedSearch() {
        Random random = new Random(3464);
        int echoes = 0;
        int rounds = 200_000;
        for (int round = 0; round < rounds; round++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(9); i > 0; i--) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = b.toString();
            boolean expected = lowerCasedSearch(text);
            assertEquals(expected, Enricher.echoesFields(text), () -> "'" + text + "'");
            echoes += expected ? 1 : 0;
        }
        assertTrue(echoes > rounds / 50 && echoes < rounds / 2, "echoes " + echoes); // both answers exercised
    }

    /** The replaced implementation. */
    private static boolean lowerCasedSearch(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int action = lower.indexOf("action: ");
        return action >= 0 && lower.indexOf("status: ", action) > 0;
    }

    /**
     * The draft's remembered reply and status codes follow its text: whatever the sequence of texts set, taken over
     * from another draft or refined, the status is what refining with freshly read codes gives, and the reply code
     * the one read afresh.
     */
    @Test
    void rememberedStatusCodesFollowTheText() {
        Random random = new Random(2034);
        String[] texts = {null, "", "550 5.1.1 user unknown", "550-5.7.1 blocked 550 5.7.1 blocked", "4.4.1 timeout",
            "host said: 451 4.3.0 try later", "5.0.0", "421-'4.7.0 rate'", "2.0.0 ok 550 5.2.2 full"};
        String[] declared = {null, "5.0.0", "4.0.0", "5.1.1", "4.4.7", "2.0.0"};
        for (int round = 0; round < 20_000; round++) {
            RecipientDraft d = new RecipientDraft();
            RecipientDraft other = new RecipientDraft();
            String expected = null;
            for (int step = 0; step < 6; step++) {
                switch (random.nextInt(4)) {
                    case 0 -> d.diagnosticText = pick(random, texts);
                    case 1 -> {
                        other.diagnosticText = pick(random, texts);
                        if (random.nextBoolean()) {
                            other.refineStatusFromDiagnostic();
                        }
                        if (random.nextBoolean()) {
                            other.replyCodeInDiagnostic();
                        }
                        d.takeDiagnosticText(other);
                    }
                    case 2 -> d.status = pick(random, declared);
                    default -> {
                        expected = StatusCodes.refine(d.status, StatusCodes.findStatus(d.diagnosticText),
                                StatusCodes.statusAfterReplyCode(d.diagnosticText));
                        d.refineStatusFromDiagnostic();
                        assertEquals(expected, d.status);
                        assertEquals(StatusCodes.findReplyCode(d.diagnosticText), d.replyCodeInDiagnostic());
                    }
                }
            }
        }
    }

    private static String pick(Random random, String[] values) {
        String v = values[random.nextInt(values.length)];
        return v == null || random.nextBoolean() ? v : new String(v); // equal texts that are other objects too
    }
}
