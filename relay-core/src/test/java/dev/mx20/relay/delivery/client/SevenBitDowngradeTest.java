package dev.mx20.relay.delivery.client;

import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 8BITMIME to 7 bits (RFC 6152 / RFC 1652): the converted message has no 8-bit octet outside its header, and a
 * reader that decodes the transfer encodings sees exactly the original parts (checked by parsing both with mime4j
 * in decoding mode).
 */
class SevenBitDowngradeTest {
    private static final String MULTIPART = """
            Received: from client.example ([127.0.0.1])\r
            From: =?UTF-8?Q?J=C3=B6rg?= <joerg@sender.example>\r
            To: bob@example.com\r
            Subject: Gr=?UTF-8?Q?=C3=BC=C3=9Fe?=\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            This is a multi-part message in MIME format.\r
            --b1\r
            Content-Type: text/plain; charset=UTF-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            Grüße aus Köln, déjà vu.\r
            A line with = sign and trailing space \r
            .leading dot\r
            --b1\r
            Content-Type: text/html; charset=UTF-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            <p>Gr=C3=BC=C3=9Fe</p>\r
            --b1\r
            Content-Type: application/octet-stream\r
            Content-Transfer-Encoding: binary\r
            \r
            \u00ff\u00fe\u0001 raw bytes\r
            --b1\r
            Content-Type: message/rfc822\r
            Content-Transfer-Encoding: 8bit\r
            \r
            Subject: inner\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=ISO-8859-1\r
            Content-Transfer-Encoding: 8bit\r
            \r
            caf\u00e9\r
            --b1--\r
            epilogue\r
            """;

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The leaves of a message as a reader sees them: media type and decoded content, nested messages included. */
    private static List<String> decodedParts(byte[] message) throws Exception {
        List<String> out = new ArrayList<>();
        MimeStreamParser p = new MimeStreamParser(new MimeConfig.Builder().setMaxLineLen(-1).build());
        p.setContentDecoding(true);
        p.setRecurse();
        p.setContentHandler(new AbstractContentHandler() {
            @Override
            public void body(BodyDescriptor bd, InputStream is) throws IOException {
                out.add(bd.getMimeType() + ": " + new String(is.readAllBytes(), StandardCharsets.ISO_8859_1)
                        .replaceAll("\r?\n$", ""));
            }
        });
        p.parse(new ByteArrayInputStream(message));
        return out;
    }

    private static boolean bodyIsSevenBit(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        String body = s.substring(s.indexOf("\r\n\r\n"));
        return body.chars().allMatch(c -> c > 0 && c < 128);
    }

    @Test
    void everyPartReadsTheSameAndNoOctetIsEightBit() throws Exception {
        // UTF-8 text part, Latin-1 nested message, raw binary: build the bytes as a mail client would.
        byte[] original = latin1(MULTIPART.replace("Grüße aus Köln, déjà vu.",
                new String(utf8("Grüße aus Köln, déjà vu."), StandardCharsets.ISO_8859_1)));
        assertTrue(SevenBitDowngrade.isEightBit(original));
        byte[] converted = SevenBitDowngrade.convert(new ByteArrayInputStream(original));
        String text = new String(converted, StandardCharsets.US_ASCII);
        assertTrue(bodyIsSevenBit(converted), text);
        assertEquals(decodedParts(original), decodedParts(converted), text);
        assertEquals(4, decodedParts(converted).size(), "text, html, binary, and the nested message's text");

        assertTrue(text.contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe aus K=C3=B6ln"), text);
        assertTrue(text.contains("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"), text);
        assertTrue(text.contains("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 7bit\r\n\r\nSubject: inner"), text);
        assertTrue(text.contains("caf=E9"), text);
        assertTrue(text.contains("<p>Gr=C3=BC=C3=9Fe</p>"), "quoted-printable parts are copied as they are: " + text);
        assertTrue(text.startsWith("Received: from client.example ([127.0.0.1])\r\nFrom: =?UTF-8?Q?J=C3=B6rg?="), text);
        assertTrue(text.contains("This is a multi-part message in MIME format."), text);
        assertTrue(text.contains("--b1--"), text);
    }

    @Test
    void aNonMimeEightBitMessageGetsMimeVersionAndQuotedPrintable() throws Exception {
        byte[] original = utf8("Subject: hello\r\nFrom: a@example.org\r\n\r\nGrüße\r\nline two\r\n");
        byte[] converted = SevenBitDowngrade.convert(new ByteArrayInputStream(original));
        String text = new String(converted, StandardCharsets.US_ASCII);
        assertEquals("Subject: hello\r\nFrom: a@example.org\r\nMIME-Version: 1.0\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\nline two\r\n", text);
        assertEquals(decodedParts(original), decodedParts(converted));
    }

    @Test
    void sevenBitContentIsLeftByteForByte() throws Exception {
        byte[] original = latin1(MULTIPART.replaceAll("[^\\x00-\\x7f]", "x")
                .replace("Content-Transfer-Encoding: binary", "Content-Transfer-Encoding: 7bit")
                .replace("Content-Transfer-Encoding: 8bit", "Content-Transfer-Encoding: 7bit"));
        byte[] converted = SevenBitDowngrade.convert(new ByteArrayInputStream(original));
        assertEquals(decodedParts(original), decodedParts(converted));
        assertFalse(new String(converted, StandardCharsets.US_ASCII).contains("quoted-printable\r\n\r\nx"));
    }

    @Test
    void garbageNeverThrowsAnythingButIoAndStaysSevenBitWhenItParses() throws Exception {
        Random r = new Random(11);
        String[] pieces = {"Content-Type: multipart/mixed; boundary=q\r\n", "--q\r\n", "--q--\r\n", "\r\n",
                "Content-Transfer-Encoding: 8bit\r\n", "Content-Type: message/rfc822\r\n", "\u00e9\u00ff", "x: y\r\n",
                "Content-Type: text/plain\r\n", "=\r\n", "\n", "\r", "\u0000", "MIME-Version: 1.0\r\n"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(30);
            for (int j = 0; j < n; j++) {
                sb.append(pieces[r.nextInt(pieces.length)]);
            }
            byte[] in = latin1(sb.toString());
            try {
                SevenBitDowngrade.convert(new ByteArrayInputStream(in));
            } catch (IOException expected) {
                // acceptable: the caller fails the delivery with 5.6.3
            }
        }
    }
}
