package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.mbox.MboxMessage;
import dev.mx20.dsn.mbox.MboxReader;
import dev.mx20.dsn.model.Field;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry's index may skip a family only when the family could not have matched: for EVERY family (not only
 * the first match) and every message, {@code family.matches(ctx)} implies {@code index.mayMatch(family)}, and the
 * indexed detection gives the same family as trying every family in order. Messages: every file under
 * {@code src/test/resources} (golden and genuine fixtures, fuzz seeds), {@code examples/bounces}, the shared corpus
 * when it is beside the repository (skipped otherwise), each also mutated: header fields removed one at a time,
 * header names re-cased (with the non-ASCII look-alikes {@code equalsIgnoreCase} accepts), every indexed text and
 * header planted at random places in random case, markers mangled, Subject and From taken from another message; and
 * random bytes.
 */
@Timeout(600)
class FamilyConditionTest {
    private static final Path RESOURCES = Path.of("src", "test", "resources");
    private static final Path EXAMPLES = Path.of("..", "examples", "bounces");

    /** Senders of providers that have no fixture of their own (their family keys on the sender alone). */
    private static final String[] SENDERS = {"Facebook <update+abc@facebook.com>", "mailer-daemon@mail.ru",
        "MAILER-DAEMON@yandex.ru", "mailer-daemon@gmx.net", "Mail Delivery System <MAILER-DAEMON@messagelabs.com>"};

    private final FormatRegistry registry = FormatRegistry.standard();
    private final FamilyIndex index = registry.index();
    private final MimeReader reader = new MimeReader(DsnLimits.DEFAULT);
    private final int[] matched = new int[registry.formats().size()];
    private int contexts;

    @Test
    void everyFamilysConditionHoldsWheneverItMatchesOnFixturesExamplesAndMutations() throws Exception {
        List<ParsedMail> mails = read(files(RESOURCES, EXAMPLES));
        assertTrue(mails.size() > 300, "messages found: " + mails.size());
        checkWithMutations(mails, new Random(20261122));
        // not vacuous: every family is recognised by some message (each has fixtures of its own)
        List<String> never = new ArrayList<>();
        for (int i = 0; i < matched.length; i++) {
            if (matched[i] == 0) {
                never.add(i + ":" + registry.formats().get(i).name());
            }
        }
        assertEquals(List.of(), never, "families no message matched");
    }

    @Test
    void sharedCorpusWhenPresent() throws Exception {
        // -Dcorpus.dir as for the scorer, else ../shared beside the repository (as CI has it)
        Path corpus = Stream.of(System.getProperty("corpus.dir", ""), "../../shared/bounce-corpus",
                        "../shared/bounce-corpus").filter(s -> !s.isEmpty()).map(Path::of).filter(Files::isDirectory)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(corpus != null, "no ../shared/bounce-corpus beside the repository");
        List<ParsedMail> mails = read(files(corpus));
        checkWithMutations(mails, new Random(3));
    }

    @Test
    void randomBytesAndRandomTextsWithMarkers() throws Exception {
        Random random = new Random(7);
        List<String> texts = index.texts();
        for (int round = 0; round < 3000; round++) {
            byte[] bytes;
            if (round % 3 == 0) {
                bytes = new byte[random.nextInt(600)];
                random.nextBytes(bytes);
            } else {
                StringBuilder b = new StringBuilder();
                b.append("From: ").append(round % 2 == 0 ? "MAILER-DAEMON@example.org" : "x@example.com").append("\n");
                for (String h : index.headerNames()) {
                    if (random.nextInt(8) == 0) {
                        b.append(recase(h, random)).append(": ").append(valueFor(h, random)).append('\n');
                    }
                }
                b.append("Subject: ").append(random.nextBoolean() ? "Undelivered Mail" : "hello").append("\n\n");
                for (int i = random.nextInt(6); i >= 0; i--) {
                    b.append(noise(random)).append(recase(texts.get(random.nextInt(texts.size())), random))
                            .append(random.nextBoolean() ? "\n" : " ");
                }
                bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            }
            check(reader.read(bytes), "random " + round);
        }
    }

    // --- messages ------------------------------------------------------------------------------------------------

    private static List<Path> files(Path... roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".expected")
                        && !p.toString().endsWith(".classified")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** Each file parsed; an mbox file also message by message. */
    private List<ParsedMail> read(List<Path> files) throws Exception {
        List<ParsedMail> mails = new ArrayList<>();
        for (Path p : files) {
            byte[] bytes = Files.readAllBytes(p);
            mails.add(reader.read(bytes));
            MboxReader mbox = new MboxReader(new ByteArrayInputStream(bytes), 1 << 24, 1 << 28);
            if (mbox.open()) {
                for (MboxMessage m = mbox.next(); m != null; m = mbox.next()) {
                    if (m.content() != null) {
                        mails.add(reader.read(m.content()));
                    }
                }
            }
        }
        return mails;
    }

    private void checkWithMutations(List<ParsedMail> mails, Random random) {
        for (int n = 0; n < mails.size(); n++) {
            ParsedMail mail = mails.get(n);
            String label = "message " + n;
            check(mail, label);
            List<Field> headers = mail.headers();
            for (int drop = 0; drop < Math.min(headers.size(), 40); drop++) {
                List<Field> fewer = new ArrayList<>(headers);
                fewer.remove(drop);
                check(withHeaders(mail, fewer), label + " without field " + drop);
            }
            for (int round = 0; round < 4; round++) {
                List<Field> recased = new ArrayList<>();
                for (Field f : headers) {
                    recased.add(new Field(recase(f.name(), random), f.value()));
                }
                check(withHeaders(mail, recased), label + " re-cased " + round);
            }
            for (int round = 0; round < 6; round++) {
                check(planted(mail, random), label + " planted " + round);
            }
            check(withText(mail, mangled(mail, random)), label + " mangled");
            ParsedMail other = mails.get(random.nextInt(mails.size()));
            List<Field> swapped = new ArrayList<>();
            for (Field f : headers) {
                if (!f.name().equalsIgnoreCase("Subject") && !f.name().equalsIgnoreCase("From")) {
                    swapped.add(f);
                }
            }
            for (Field f : other.headers()) {
                if (f.name().equalsIgnoreCase("Subject") || f.name().equalsIgnoreCase("From")) {
                    swapped.add(f);
                }
            }
            check(withHeaders(mail, swapped), label + " with another's Subject and From");
            List<Field> providerSender = new ArrayList<>(headers);
            providerSender.removeIf(f -> f.name().equalsIgnoreCase("From"));
            providerSender.add(0, new Field("From", recase(SENDERS[random.nextInt(SENDERS.length)], random)));
            check(withHeaders(mail, providerSender), label + " from a provider's sender");
        }
        assertTrue(contexts > mails.size() * 10, "contexts checked: " + contexts);
    }

    /** The message with indexed texts planted in its text parts and indexed header fields added, in random case. */
    private ParsedMail planted(ParsedMail mail, Random random) {
        List<String> texts = index.texts();
        List<MailPart> parts = new ArrayList<>();
        for (MailPart p : mail.parts()) {
            String t = p.text();
            if (t != null) {
                StringBuilder b = new StringBuilder(t);
                for (int i = random.nextInt(4); i >= 0; i--) {
                    String needle = recase(texts.get(random.nextInt(texts.size())), random);
                    int at = random.nextInt(b.length() + 1);
                    if (random.nextBoolean()) {
                        int eol = b.indexOf("\n", at);
                        at = eol < 0 ? b.length() : eol + 1; // at a line start, where templates put them
                    }
                    b.insert(at, random.nextBoolean() ? needle : needle + "\n");
                }
                t = b.toString();
            }
            parts.add(new MailPart(p.mimeType(), p.headers(), t, p.insideAttachedMessage()));
        }
        List<Field> headers = new ArrayList<>(mail.headers());
        for (String h : index.headerNames()) {
            if (random.nextInt(6) == 0) {
                headers.add(random.nextInt(headers.size() + 1), new Field(recase(h, random), valueFor(h, random)));
            }
        }
        return new ParsedMail(headers, mail.contentType(), mail.reportType(), parts, mail.attachedHeaders(),
                mail.warnings());
    }

    /** A value for an indexed header: one of the values the conditions test (in random case), or noise. */
    private String valueFor(String lowerName, Random random) {
        List<Condition.HeaderValue> tests = index.headerValues().stream().filter(v -> v.name().equals(lowerName))
                .toList();
        if (!tests.isEmpty() && random.nextBoolean()) {
            Condition.HeaderValue v = tests.get(random.nextInt(tests.size()));
            return recase(v.suffix() ? "<id@x" + v.needle() : "a " + v.needle() + " b", random);
        }
        return noise(random) + "value";
    }

    /** Each text part with the first occurrence of every indexed text it contains cut by one character. */
    private List<MailPart> mangled(ParsedMail mail, Random random) {
        List<MailPart> parts = new ArrayList<>();
        for (MailPart p : mail.parts()) {
            String t = p.text();
            if (t != null) {
                String lower = t.toLowerCase(Locale.ROOT);
                if (lower.length() == t.length()) {
                    StringBuilder b = new StringBuilder(t);
                    for (String needle : index.texts()) {
                        int at = lower.indexOf(needle);
                        if (at >= 0 && needle.length() > 2) {
                            b.setCharAt(at + 1 + random.nextInt(needle.length() - 2), '\u00b7');
                        }
                    }
                    t = b.toString();
                }
            }
            parts.add(new MailPart(p.mimeType(), p.headers(), t, p.insideAttachedMessage()));
        }
        return parts;
    }

    private static ParsedMail withHeaders(ParsedMail mail, List<Field> headers) {
        return new ParsedMail(headers, mail.contentType(), mail.reportType(), mail.parts(), mail.attachedHeaders(),
                mail.warnings());
    }

    private static ParsedMail withText(ParsedMail mail, List<MailPart> parts) {
        return new ParsedMail(mail.headers(), mail.contentType(), mail.reportType(), parts, mail.attachedHeaders(),
                mail.warnings());
    }

    /** Random case per character; sometimes the look-alikes equalsIgnoreCase folds to k, s and i. */
    private static String recase(String s, Random random) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int r = random.nextInt(12);
            if (c == 'k' && r == 0) {
                b.append('\u212a'); // Kelvin sign
            } else if (c == 's' && r == 0) {
                b.append('\u017f'); // long s
            } else if (c == 'i' && r == 0) {
                b.append(random.nextBoolean() ? '\u0131' : '\u0130'); // dotless i, capital I with dot
            } else {
                b.append(r < 6 ? Character.toUpperCase(c) : c);
            }
        }
        return b.toString();
    }

    private static String noise(Random random) {
        String[] bits = {"", " ", "x", "--", "this ", "the following ", "deliver", "message ", "-----", "mail ",
            "group ", "ministra", "\u0130", "\u00e9", "#", "\n"};
        return bits[random.nextInt(bits.length)];
    }

    // --- the check -----------------------------------------------------------------------------------------------

    private void check(ParsedMail mail, String label) {
        BounceContext ctx = new BounceContext(mail, BounceText.of(mail));
        FamilyIndex.Features features = index.features(ctx);
        String region = ctx.text.lowerRegion();
        for (String t : index.texts()) {
            if (region.contains(t)) {
                assertTrue((features.texts() & index.textBit(t)) != 0, () -> label + ": text bit of \"" + t + "\"");
            }
        }
        for (String h : index.headerNames()) {
            if (index.headerBit(h) != 0 && ctx.hasHeader(h)) {
                assertTrue((features.headers() & index.headerBit(h)) != 0, () -> label + ": header bit of " + h);
            }
        }
        for (Condition.HeaderValue v : index.headerValues()) {
            if (v.test(ctx.headerLower(v.name()))) {
                assertTrue((features.headers() & index.valueBit(v)) != 0, () -> label + ": value bit of " + v);
            }
        }
        List<BounceFormat> formats = registry.formats();
        for (int i = 0; i < formats.size(); i++) {
            if (formats.get(i).matches(ctx)) {
                matched[i]++;
                int family = i;
                assertTrue(index.mayMatch(i, features, ctx), () -> label + ": " + formats.get(family).name()
                        + " (family " + family + ") matches but its condition "
                        + formats.get(family).marker().condition() + " does not hold");
            }
        }
        BounceContext fresh = new BounceContext(mail, BounceText.of(mail));
        assertSame(registry.detectByScan(ctx), registry.detect(fresh), () -> label + ": indexed detection differs");
        contexts++;
    }
}
