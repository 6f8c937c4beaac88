package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The header index of {@link BounceContext} answers exactly as a scan of the header with equalsIgnoreCase. */
class BounceContextHeaderTest {

    private static BounceContext context(List<Field> headers) {
        ParsedMail mail = new ParsedMail(headers, "text/plain", null, List.of(), List.of(), List.of());
        return new BounceContext(mail, BounceText.of(mail));
    }

    @Test
    void namesMatchIgnoringCaseAndTheFirstFieldWins() {
        BounceContext ctx = context(List.of(new Field("Subject", "Undelivered"),
                new Field("X-Failed-Recipients", "First@Example.com"), new Field("x-failed-recipients", "second"),
                new Field("X-Mailer", "Microsoft Exchange")));
        assertTrue(ctx.hasHeader("X-FAILED-RECIPIENTS"));
        assertEquals("first@example.com", ctx.headerLower("x-Failed-Recipients"));
        assertEquals("microsoft exchange", ctx.headerLower("X-Mailer"));
        assertFalse(ctx.hasHeader("X-Postfix-Queue-ID"));
        assertEquals("", ctx.headerLower("X-MimeOLE"));
        assertFalse(ctx.hasHeader(""));
    }

    @Test
    void manyFieldsAndCollidingNamesGiveTheScanAnswer() {
        List<Field> headers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            headers.add(new Field("X-H" + i, "v" + i));
            headers.add(new Field("x-h" + i, "dup" + i));
        }
        // "b!" and "a@" have the same hash (98 * 31 + 33 = 97 * 31 + 64): they must still be told apart
        headers.add(new Field("b!", "first"));
        headers.add(new Field("a@", "second"));
        BounceContext ctx = context(headers);
        for (int i = 0; i < 300; i++) {
            assertEquals("v" + i, ctx.headerLower("X-h" + i));
        }
        assertEquals("first", ctx.headerLower("B!"));
        assertEquals("second", ctx.headerLower("A@"));
        assertFalse(ctx.hasHeader("c\u0002")); // same hash again (99 * 31 + 2), absent
        assertFalse(ctx.hasHeader("X-H300"));
    }

    @Test
    void nonAsciiNamesFallBackToTheScan() {
        // U+0131 (dotless i) upper-cases to 'I', so equalsIgnoreCase matches it with an ASCII name
        ParsedMail mail = new ParsedMail(List.of(new Field("X-\u0131D", "odd"), new Field("Subject", "s")),
                "text/plain", null, List.of(), List.of(), List.of());
        BounceContext ctx = new BounceContext(mail, BounceText.of(mail));
        assertEquals(mail.header("X-ID") != null, ctx.hasHeader("X-ID"));
        assertEquals("s", ctx.headerLower("SUBJECT"));
        assertEquals("", context(List.of(new Field("Subject", "s"))).headerLower("Subj\u00e9ct"));
    }
}
