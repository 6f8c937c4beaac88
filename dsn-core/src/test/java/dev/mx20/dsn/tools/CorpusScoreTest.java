package dev.mx20.dsn.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scorer on a three-file corpus of the project's own fixtures, with one label deliberately wrong. */
class CorpusScoreTest {

    @Test
    void scoresAgreementDetectionAndListsDisagreements(@TempDir Path dir) throws Exception {
        Path fixtures = Path.of(getClass().getResource("/dev/mx20/dsn/classify/ipv6").toURI());
        for (String f : new String[] {"postfix-ipv6-unreachable.eml", "gmail-ptr-ipv6.eml", "postfix-mx-no-aaaa.eml"}) {
            Files.copy(fixtures.resolve(f), dir.resolve(f));
        }
        Path manifest = dir.resolve("manifest.tsv");
        Files.writeString(manifest, String.join("\n",
                "file\tfamily\trecipient-index\tstatus\treplycode\treason\thardbounce",
                "postfix-ipv6-unreachable.eml\tlhost-postfix\t1\t4.4.1\t\texpired\t0",
                "gmail-ptr-ipv6.eml\trhost-google\t1\t5.7.25\t550\trequireptr\t1",
                // deliberately wrong label: the scorer must report it
                "postfix-mx-no-aaaa.eml\tlhost-postfix\t1\t5.0.910\t\thostunknown\t1",
                ""), StandardCharsets.UTF_8);

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status = CorpusScore.run(new String[] {dir.toString(), manifest.toString(), "--disagreements", "-"},
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, out);
        assertTrue(out.contains("reason agreement : 2/3 = 0.667"), out);
        assertTrue(out.contains("status agreement : 2/3 = 0.667"), out);
        assertTrue(out.contains("RFC 3463 codes : 2/2 = 1.000"), out);
        assertTrue(out.contains("detection        : 3/3 = 1.000"), out);
        assertTrue(out.contains("lhost-postfix                2     2    0.500    0.500    1.000"), out);
        assertTrue(out.contains("postfix-mx-no-aaaa.eml#1\treason+status\texpected hostunknown 5.0.910\tgot networkerror/mx-no-aaaa 5.4.4"), out);
    }

    @Test
    void aMailboxFileIsScoredAsTheRecipientsOfItsMessagesInOrder(@TempDir Path dir) throws Exception {
        Path fixtures = Path.of(getClass().getResource("/dev/mx20/dsn/classify/ipv6").toURI());
        byte[] first = Files.readAllBytes(fixtures.resolve("gmail-ptr-ipv6.eml"));
        byte[] second = Files.readAllBytes(fixtures.resolve("postfix-mx-no-aaaa.eml"));
        ByteArrayOutputStream mbox = new ByteArrayOutputStream();
        mbox.write("From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n".getBytes(StandardCharsets.US_ASCII));
        mbox.write(first);
        mbox.write("\n\nFrom MAILER-DAEMON Thu Apr 29 23:34:46 2015\n".getBytes(StandardCharsets.US_ASCII));
        mbox.write(second);
        Files.write(dir.resolve("two.eml"), mbox.toByteArray());
        Path manifest = dir.resolve("manifest.tsv");
        Files.writeString(manifest, String.join("\n",
                "file\tfamily\trecipient-index\tstatus\treplycode\treason\thardbounce",
                "two.eml\trfc3464\t1\t5.7.25\t550\trequireptr\t1",
                "two.eml\trfc3464\t2\t\t\tnetworkerror\t1",
                ""), StandardCharsets.UTF_8);

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CorpusScore.run(new String[] {dir.toString(), manifest.toString(), "--disagreements", "-"},
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("reason agreement : 2/2 = 1.000"), out);
        assertTrue(out.contains("detection        : 1/1 = 1.000"), out);
    }

    @Test
    void aMissingCorpusIsReportedNotThrown(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status = CorpusScore.run(new String[] {dir.resolve("absent").toString(), dir.resolve("m.tsv").toString()},
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(buffer.toString(StandardCharsets.UTF_8).startsWith("corpus not found:"));
    }

    @Test
    void usageErrorIsReported() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        assertEquals(2, CorpusScore.run(new String[] {"only-one"}, new PrintStream(buffer, true, StandardCharsets.UTF_8)));
        assertTrue(buffer.toString(StandardCharsets.UTF_8).startsWith("usage:"));
    }
}
