package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MimeReader} leaves a {@code text/html} part undecoded when a report text precedes it (BounceText reads
 * HTML only when there is no plain text), and decodes it in every other case.
 */
class HtmlAlternativeTest {
    private final MimeReader reader = new MimeReader(DsnLimits.DEFAULT);

    private static final String HTML = "Content-Type: text/html; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>Delivery to <b>user@example.com</b> =\r\nfailed=3A 550</p>\r\n";

    private static byte[] alternative(String... parts) {
        StringBuilder m = new StringBuilder("From: MAILER-DAEMON@example.org\r\nSubject: Undeliverable\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n");
        for (String p : parts) {
            m.append("--b\r\n").append(p);
        }
        m.append("--b--\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String plain(String text) {
        return "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + text + "\r\n";
    }

    @Test
    void theHtmlAlternativeOfAPlainTextIsNotDecoded() throws Exception {
        ParsedMail mail = reader.read(alternative(plain("Delivery to user@example.com failed: 550"), HTML));
        assertEquals(2, mail.parts().size());
        assertEquals("text/html", mail.parts().get(1).mimeType());
        assertEquals("", mail.parts().get(1).text());
        assertEquals("Delivery to user@example.com failed: 550", BounceText.of(mail).full());
    }

    @Test
    void htmlIsDecodedWhenNoReportTextPrecedesIt() throws Exception {
        String decoded = "<p>Delivery to <b>user@example.com</b> failed: 550</p>"; // the CRLF is the delimiter's
        // HTML only
        assertEquals(decoded, reader.read(alternative(HTML)).parts().get(0).text());
        // HTML first, plain text after it
        assertEquals(decoded, reader.read(alternative(HTML, plain("x"))).parts().get(0).text());
        // an empty plain text: BounceText falls back to the HTML
        ParsedMail empty = reader.read(alternative(plain(""), HTML));
        assertEquals(decoded, empty.parts().get(1).text());
        assertTrue(BounceText.of(empty).full().contains("user@example.com"));
        // a plain text sent as an attachment is no report text
        ParsedMail attached = reader.read(alternative("Content-Type: text/plain\r\n"
                + "Content-Disposition: attachment; filename=\"headers.txt\"\r\n\r\nReceived: x\r\n", HTML));
        assertEquals(decoded, attached.parts().get(1).text());
    }
}
