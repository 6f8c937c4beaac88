package dev.mx20.dsn.classify;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link TextNormalizer#dropContinuationCodes} reads its tokens in place instead of through {@code split(" ")};
 * pinned against the split-based reading it replaced, on texts built from the tokens that steer it.
 */
class ContinuationCodesTest {

    @Test
    void examplesFromMultiLineReplies() {
        assertEquals("550-5.7.1 messages with multiple addresses in from: header",
                TextNormalizer.dropContinuationCodes("550-5.7.1 messages with multiple 550 5.7.1 addresses in from: header"));
        assertEquals("550 sender's address rejected",
                TextNormalizer.dropContinuationCodes("550 550-sender's address rejected"));
        assertEquals("no code here", TextNormalizer.dropContinuationCodes("no code here"));
    }

    @Test
    void sameAsTheSplitReading() {
        String[] pieces = {"550", "550-", "550-5.7.1", "5.7.1", "4.2.0", "450", "451-", "550-sender's", "250", "2.0.0",
            "user", "unknown", "", " ", "  ", "5.1", "55", "5500", "550x", "550-x", "2.", "4.4.7", "x", "-", "5.0.0)"};
        Random random = new Random(20261122);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                if (i > 0 || random.nextInt(4) == 0) {
                    b.append(' ');
                }
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            if (random.nextInt(4) == 0) {
                b.append(' ');
            }
            String text = b.toString();
            assertEquals(bySplit(text), TextNormalizer.dropContinuationCodes(text), text);
        }
    }

    /** The reading before tokens were read in place (main at 9504223), kept as the reference. */
    private static String bySplit(String text) {
        if (!mayRepeatReplyCode(text)) {
            return text;
        }
        String[] tokens = text.split(" ");
        String code = null;
        StringBuilder b = null;
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (code == null) {
                if (isReplyToken(t)) {
                    code = t.substring(0, 3);
                }
                continue;
            }
            if (isReplyToken(t) && t.startsWith(code)) {
                if (b == null) {
                    b = new StringBuilder(text.length());
                    for (int k = 0; k < i; k++) {
                        b.append(tokens[k]).append(' ');
                    }
                }
                String rest = t.length() > 4 ? t.substring(4) : "";
                if (t.length() == 3 && i + 1 < tokens.length && looksLikeStatus(tokens[i + 1])) {
                    i++;
                } else if (!rest.isEmpty() && !looksLikeStatus(rest)) {
                    b.append(rest).append(' ');
                }
                continue;
            }
            if (b != null) {
                b.append(t).append(' ');
            }
        }
        if (b == null) {
            return text;
        }
        if (b.length() > 0) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    private static boolean mayRepeatReplyCode(String text) {
        int n = text.length();
        for (int i = 0; i + 3 <= n; i++) {
            if ((i == 0 || text.charAt(i - 1) == ' ') && text.charAt(i) >= '2' && text.charAt(i) <= '5'
                    && Character.isDigit(text.charAt(i + 1)) && i + 2 < n && Character.isDigit(text.charAt(i + 2))
                    && (i + 3 == n || text.charAt(i + 3) == ' ' || text.charAt(i + 3) == '-')) {
                return text.indexOf(text.substring(i, i + 3), i + 3) >= 0;
            }
        }
        return false;
    }

    private static boolean isReplyToken(String t) {
        if (t.length() < 3 || t.charAt(0) < '2' || t.charAt(0) > '5'
                || !Character.isDigit(t.charAt(1)) || !Character.isDigit(t.charAt(2))) {
            return false;
        }
        return t.length() == 3 || t.charAt(3) == '-';
    }

    private static boolean looksLikeStatus(String t) {
        return t.length() >= 5 && (t.charAt(0) == '2' || t.charAt(0) == '4' || t.charAt(0) == '5')
                && t.charAt(1) == '.';
    }
}
