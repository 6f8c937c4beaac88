package dev.mx20.dsn;

import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.taxonomy.Classification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs, verbatim, the library usage example that README.md shows for dsn-core. */
class ReadmeExampleTest {

    /** The body of this method is the README example (only {@code System.out} is redirected by the test). */
    static void readmeExample(Path file) throws IOException, DsnParseException {
        BounceAnalyzer analyzer = BounceAnalyzer.create();   // immutable and thread-safe: create once, share
        BounceReport report = analyzer.analyze(Files.readAllBytes(file));
        for (RecipientReport r : report.recipients()) {
            Classification c = r.classification();
            System.out.printf("%s: %s (%s, %s%s)%n  %s%n", r.finalRecipient(), c.cause(), c.category().id(),
                    c.permanence().id(), c.ipv6() ? ", IPv6" : "", c.remedy());
        }
    }

    @Test
    void theReadmeExamplePrintsTheCauseAndRemedy() throws Exception {
        Path bounce = fixture("classify/ipv6/postfix-ipv6-unreachable.eml");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            readmeExample(bounce);
        } finally {
            System.setOut(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals("bob@example.org: ipv6-unreachable (expired, transient, IPv6)", lines[0]);
        assertEquals("  " + dev.mx20.dsn.taxonomy.Cause.IPV6_UNREACHABLE.remedy(), lines[1]);
    }

    /** The mailbox lines proposed for README.md (dsn-core example), verbatim; {@code mbox} is an mbox file. */
    static void readmeMailboxExample(BounceAnalyzer analyzer, Path mbox) throws IOException, DsnParseException {
        try (InputStream in = Files.newInputStream(mbox)) {   // a mailbox (mbox) of bounces, a message at a time
            analyzer.analyzeMailbox(in, e -> System.out.println(e.index() + ": " + (e.report() != null
                    ? e.report().kind().id() + " " + e.report().recipients().size() : e.error().getMessage())));
        }
    }

    @Test
    void theReadmeMailboxExamplePrintsOneLinePerMessage(@TempDir Path dir) throws Exception {
        Path mbox = dir.resolve("bounces.mbox");
        Files.write(mbox, ("From MAILER-DAEMON Fri Nov 14 13:48:03 2025\n"
                + Files.readString(fixture("classify/ipv6/postfix-ipv6-unreachable.eml"), StandardCharsets.ISO_8859_1)
                + "\nFrom MAILER-DAEMON Fri Nov 14 13:48:04 2025\nSubject: hello\n\nnot a bounce\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            readmeMailboxExample(BounceAnalyzer.create(), mbox);
        } finally {
            System.setOut(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(2, lines.length, captured.toString(StandardCharsets.UTF_8));
        assertEquals("1: dsn 1", lines[0]);
        assertEquals("2: not-a-bounce 0", lines[1]);
    }

    /**
     * README.md must show both examples exactly as the two methods above run them: the body of each method (its
     * indentation removed) is looked up in README's code blocks, so an edit on one side only fails here.
     */
    @Test
    void readmeShowsExactlyTheCodeTheseTestsRun() throws IOException {
        Path readme = Path.of("..", "README.md");
        String source = Files.readString(Path.of("src", "test", "java", "dev", "mx20", "dsn", "ReadmeExampleTest.java"));
        String text = Files.readString(readme);
        for (String method : new String[] {"static void readmeExample(", "static void readmeMailboxExample("}) {
            String body = methodBody(source, method);
            assertTrue(text.contains(body), "README.md lacks, verbatim:\n" + body);
        }
    }

    /** The lines between a method's signature and its closing brace, less the method body's 8-space indent. */
    private static String methodBody(String source, String signature) {
        String[] lines = source.substring(source.indexOf(signature)).split("\n", -1);
        StringBuilder body = new StringBuilder();
        for (int i = 1; !lines[i].equals("    }"); i++) {
            body.append(lines[i].startsWith("        ") ? lines[i].substring(8) : lines[i].strip()).append('\n');
        }
        return body.toString();
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ReadmeExampleTest.class.getResource(name).toURI());
    }
}
