package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.model.Field;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link LazyHeader}: the report header's values are built only when asked, and equal the eager ones. */
class LazyHeaderTest {

    private static org.apache.james.mime4j.stream.Field raw(String line) throws Exception {
        ByteSequence bytes = ContentUtil.encode(line);
        return RawFieldParser.DEFAULT.parseField(bytes);
    }

    @Test
    void lookupsByNameBuildOnlyTheValueFound() throws Exception {
        List<String> built = new ArrayList<>();
        LazyHeader h = new LazyHeader(f -> {
            built.add(f.getName());
            return new Field(f.getName(), f.getBody().trim());
        });
        h.addRaw(raw("Received: from a.example.net\r\n\tby b.example.org"));
        h.addRaw(raw("Subject: Undelivered Mail"));
        h.addRaw(raw("subject: second"));
        h.addRaw(raw("X-Failed-Recipients: user@example.com"));

        assertEquals("Undelivered Mail", Headers.first(h, "SUBJECT")); // the first of that name
        assertEquals(List.of("Subject"), built);
        assertNull(Headers.first(h, "X-Mailer"));
        assertEquals("x-failed-recipients".length(), h.name(3).length());
        assertEquals(List.of("Subject"), built); // names never build values
        assertEquals(new Field("Subject", "Undelivered Mail"), h.get(1));
        assertEquals(List.of("Subject"), built); // built once
        assertEquals(4, h.size());
        assertThrows(IndexOutOfBoundsException.class, () -> h.get(4));
        assertThrows(UnsupportedOperationException.class, () -> h.add(new Field("A", "b")));
    }

    @Test
    /** Trace fields are not kept; an 8-bit value is re-decoded as UTF-8 (RFC 6532); folding removed. */
    void theReportHeaderReadsAsTheFieldsMimeDelivered() throws Exception {
        String m = "From: MAILER-DAEMON@example.org\r\nReceived: by mx.example.org\r\n"
                + "Subject: =?UTF-8?Q?Unzustellbar?=\r\n  folded\r\nX-Note: caf\u00e9\r\n"
                + "Content-Type: text/plain\r\n\r\nbody\r\n";
        ParsedMail mail = new MimeReader(DsnLimits.DEFAULT).read(m.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Field("From", "MAILER-DAEMON@example.org"),
                new Field("Subject", "=?UTF-8?Q?Unzustellbar?=  folded"),
                new Field("X-Note", "caf\u00e9"),
                new Field("Content-Type", "text/plain")), mail.headers());
        assertEquals("=?UTF-8?Q?Unzustellbar?=  folded", mail.header("subject"));
        assertEquals("text/plain", mail.contentType());
    }
}
