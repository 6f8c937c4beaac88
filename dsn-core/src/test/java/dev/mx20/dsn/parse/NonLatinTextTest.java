package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Field;
import dev.mx20.dsn.model.RecipientReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fixture's decoded text and header values with non-Latin-1 characters sprinkled in, above all U+0130 (Turkish
 * capital I with dot), the one character whose lower case is longer than itself: a reader that finds a place in a
 * lower-cased copy and cuts the text there (the bug once in GenericText.remoteHost, BounceText, Biglobe and Bigfoot)
 * cuts at the wrong place or past the end. No family reader may fail ("internal error"), and every recipient stays one
 * non-blank line. The text is changed after MIME decoding, so the characters reach the readers whatever the
 * fixture's charset.
 */
@Timeout(300)
class NonLatinTextTest {
    private static final String[] SPRINKLES = {"\u0130", "\u0130\u0130\u0130\u0130", "\u0130 ", "\u03a3", "\u0416",
        "\u65e5\u672c\u8a9e", "\ud83d\udce7", "\u212a", "\u017f", "\u00e9", "\u0131"};
    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    private final MimeReader reader = new MimeReader(DsnLimits.DEFAULT);
    private final ReportParser parser = new ReportParser(DsnLimits.DEFAULT);

    @TestFactory
    Stream<DynamicTest> everyFamilyReadsNonLatinTextWithoutFailing() throws IOException {
        List<Path> families;
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            families = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(families.isEmpty());
        return families.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> family(dir)));
    }

    private void family(Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        for (Path f : files) {
            ParsedMail mail = reader.read(Files.readAllBytes(f));
            Random random = new Random(f.getFileName().toString().hashCode());
            check(f, parser.report(mail)); // as it is
            for (int round = 0; round < 40; round++) {
                check(f, parser.report(sprinkled(mail, random)));
            }
        }
    }

    private static ParsedMail sprinkled(ParsedMail mail, Random random) {
        List<MailPart> parts = new ArrayList<>();
        for (MailPart p : mail.parts()) {
            parts.add(new MailPart(p.mimeType(), fields(p.headers(), random), sprinkle(p.text(), random),
                    p.insideAttachedMessage()));
        }
        return new ParsedMail(fields(mail.headers(), random), mail.contentType(), mail.reportType(), parts,
                fields(mail.attachedHeaders(), random), mail.warnings());
    }

    private static List<Field> fields(List<Field> in, Random random) {
        List<Field> out = new ArrayList<>(in.size());
        for (Field f : in) {
            out.add(random.nextInt(4) == 0 ? new Field(f.name(), sprinkle(f.value(), random)) : f);
        }
        return out;
    }

    /** Non-Latin-1 characters at 1-12 random places, most often just before a word (where markers start). */
    private static String sprinkle(String text, Random random) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text);
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            int at = random.nextInt(b.length() + 1);
            if (random.nextBoolean()) {
                while (at < b.length() && Character.isLetterOrDigit(b.charAt(at))) {
                    at++; // to the end of this word, so the character lands before the next one
                }
                at = Math.min(b.length(), at + 1);
            }
            if (at > 0 && at < b.length() && Character.isLowSurrogate(b.charAt(at))) {
                at++;
            }
            b.insert(at, SPRINKLES[random.nextInt(SPRINKLES.length)]);
        }
        return b.toString();
    }

    private static void check(Path f, BounceReport r) {
        assertTrue(r.warnings().stream().noneMatch(w -> w.startsWith("internal error")),
                () -> f + ": " + r.warnings());
        for (RecipientReport rr : r.recipients()) {
            String a = rr.finalRecipient();
            assertTrue(a == null || !a.isBlank() && a.indexOf('\n') < 0 && a.length() < 1000, () -> f + ": " + rr);
        }
    }
}
