package dev.mx20.dsn.classify;

import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Classification;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Normalisation details that the phrase table relies on: raw ISO-2022-JP in diagnostic fields. */
class TextNormalizerTest {

    /** What a Japanese Domino writes into Diagnostic-Code: the reason in raw 7-bit ISO-2022-JP. */
    private static String iso2022jp(String text) {
        byte[] bytes = text.getBytes(Charset.forName("ISO-2022-JP"));
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void rawIso2022JpIsDecoded() {
        String raw = iso2022jp("ユーザー Neko (neko@example.jp) は Domino ディレクトリには見つかりません。");
        assertTrue(raw.indexOf('\u001b') >= 0, "the fixture really carries the escapes");
        String normalized = TextNormalizer.normalize(raw);
        assertEquals("ユーザー neko (neko@example.jp) は domino ディレクトリには見つかりません。", normalized);
    }

    @Test
    void dominoJapaneseUnknownUserIsUserUnknown() {
        String raw = iso2022jp("ユーザー Neko (neko@example.jp) は Domino ディレクトリには見つかりません。");
        ClassifierCasesTest.Case c = new ClassifierCasesTest.Case(0, "user-unknown", "userunknown", "permanent",
                false, ReportKind.DSN, Action.FAILED, "5.0.0", null, raw);
        // Domino states the unknown mailbox in its own words: user-unknown without an SMTP stage
        Classification got = ClassifierCasesTest.classify(c, "domino");
        assertEquals("user-unknown", got.cause(), got.evidence());
    }

    @Test
    void asciiAndAlreadyDecodedTextStayAsTheyAre() {
        String ascii = "550 5.1.1 User unknown";
        assertSame(ascii, TextNormalizer.decodeIso2022Jp(ascii));
        String decoded = "送信先メールアドレスが見つかりませんでした \u001b$B";
        assertSame(decoded, TextNormalizer.decodeIso2022Jp(decoded), "non-ASCII text is not raw ISO-2022-JP");
        String lone = "error \u001b[1m bold"; // an ANSI escape, not an ISO-2022-JP designator
        assertSame(lone, TextNormalizer.decodeIso2022Jp(lone));
    }

    @Test
    void brokenIso2022JpDoesNotThrow() {
        String[] garbage = {"\u001b$B", "\u001b$B%", "\u001b$B\u001b(B\u001b$@!", "x\u001b$B\u007f\u007f\u001b(", "\u001b$@"};
        for (String g : garbage) {
            String out = assertDoesNotThrow(() -> TextNormalizer.normalize(g), g);
            assertEquals(-1, out.indexOf('\u001b'), "no escape survives normalisation: " + g);
        }
        assertTrue(TextNormalizer.normalize("x\u001b$B\u007f\u007f\u001b(").startsWith("x"), "ASCII before it is kept");
    }
}
