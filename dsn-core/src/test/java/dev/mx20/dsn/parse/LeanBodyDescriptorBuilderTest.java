package dev.mx20.dsn.parse;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LeanBodyDescriptorBuilder} gives the descriptors mime4j's default builder gives: the same messages walked
 * by two token streams, one with mime4j's builder and one with ours, must yield the same events and, at every
 * body and multipart, equal descriptors (type, media type, subtype, boundary, charset, transfer encoding, length).
 */
class LeanBodyDescriptorBuilderTest {
    private static final MimeConfig CONFIG = new MimeConfig.Builder().setStrictParsing(false)
            .setMalformedHeaderStartsBody(true).build();

    private static final String[] TYPES = {
        "text/plain", "TEXT/Plain", " text / html ", "text/", "/plain", "text", "", "multipart/mixed",
        "Multipart/Report", "multipart/alternative", "multipart/digest", "message/rfc822", "MESSAGE/delivery-status",
        "message/global-delivery-status", "application/octet-stream", "text/rfc822-headers", "(comment) text/plain",
        "text/plain (comment)", "\"text/plain\"", "text/pl\u00c4in", "multipart/\u00e9t\u00e9",
    };
    private static final String[] PARAMS = {
        "charset=us-ascii", "charset=\"UTF-8\"", "CHARSET=iso-8859-1", "charset=", "charset=\" \"", "Charset = utf-8",
        "charset=\"iso-2022-jp\" (comment)", "boundary=XYZ", "BOUNDARY=\"XYZ\"", "boundary=\"a b\"", "boundary=",
        "boundary=\"XYZ\\\"q\"", "report-type=delivery-status", "format=flowed", "name=\"a;b.txt\"", "bound\u00e4ry=XYZ",
        "charset*=utf-8''x", "boundary=OTHER", "delsp=yes", "=value", "charset",
    };
    private static final String[] OTHER_FIELDS = {
        "Content-Transfer-Encoding: quoted-printable", "content-transfer-encoding: BASE64 ",
        "CONTENT-TRANSFER-ENCODING:", "Content-Transfer-Encoding: 8bit", "Content-Length: 12", "Content-Length: x",
        "content-length:  7 ", "Content-Disposition: attachment", "Content-Typo: text/html", "Received: from x",
        "Content-Type-X: text/html", "Content\u00c9Type: text/html", "X-Content-Type: text/html",
    };

    @Test
    void sameDescriptorsAsMime4jsOwnBuilder() throws Exception {
        Random random = new Random(20261122);
        for (int n = 0; n < 4000; n++) {
            byte[] message = randomMessage(random).getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(walk(message, false), walk(message, true), () -> new String(message,
                    StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void nameComparisonIsLowerCasingThenEquals() {
        for (String name : new String[] {"Content-Type", "CONTENT-TYPE", "content-type", "Content-Typ\u00c9",
                "Cont\u0130nt-Type", "Content-Typf", "content_type", "Content-Type ", "Content-Transfer-Encoding"}) {
            for (String target : new String[] {"content-type", "content-transfer-encoding", "content-length"}) {
                assertEquals(name.toLowerCase(java.util.Locale.US).equals(target),
                        LeanBodyDescriptorBuilder.nameIs(name, target), name + " / " + target);
            }
        }
    }

    private static String randomMessage(Random random) {
        StringBuilder b = new StringBuilder("From: a@example.com\r\n");
        header(b, random);
        b.append("\r\n");
        // a body with delimiters of the likely boundaries, so that multiparts have parts when a boundary is set
        for (String boundary : new String[] {"XYZ", "a b", "OTHER"}) {
            if (random.nextBoolean()) {
                b.append("--").append(boundary).append("\r\n");
                header(b, random);
                b.append("\r\nbody text\r\n");
                if (random.nextInt(4) == 0) {
                    b.append("--").append(boundary).append("\r\nContent-Type: message/rfc822\r\n\r\n");
                    header(b, random);
                    b.append("\r\ninner\r\n");
                }
                b.append("--").append(boundary).append("--\r\n");
            }
        }
        b.append("end\r\n");
        return b.toString();
    }

    private static void header(StringBuilder b, Random random) {
        int fields = random.nextInt(4);
        for (int f = 0; f < fields; f++) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                b.append(random.nextBoolean() ? "Content-Type: " : random.nextBoolean() ? "content-type:" : "CONTENT-TYPE:  ")
                        .append(TYPES[random.nextInt(TYPES.length)]);
                int params = random.nextInt(4);
                for (int p = 0; p < params; p++) {
                    b.append(random.nextInt(3) == 0 ? ";\r\n\t" : random.nextBoolean() ? "; " : ";")
                            .append(PARAMS[random.nextInt(PARAMS.length)]);
                }
                b.append("\r\n");
            } else {
                b.append(OTHER_FIELDS[random.nextInt(OTHER_FIELDS.length)]).append("\r\n");
            }
        }
    }

    private static List<String> walk(byte[] message, boolean lean) throws Exception {
        MimeTokenStream stream = new MimeTokenStream(CONFIG, DecodeMonitor.SILENT,
                lean ? new LeanBodyDescriptorBuilder() : null);
        stream.parse(new ByteArrayInputStream(message));
        List<String> events = new ArrayList<>();
        try {
            walk(stream, events);
        } catch (RuntimeException e) {
            // mime4j's own state checks on some malformed inputs (MimeReader catches them too): must agree as well
            events.add(e.toString());
        }
        assertTrue(events.size() > 2);
        return events;
    }

    private static void walk(MimeTokenStream stream, List<String> events) throws Exception {
        for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
            events.add(s.name());
            if (s == EntityState.T_BODY || s == EntityState.T_START_MULTIPART) {
                BodyDescriptor d = stream.getBodyDescriptor();
                events.add(d.getMimeType() + "|" + d.getMediaType() + "|" + d.getSubType() + "|" + d.getBoundary()
                        + "|" + d.getCharset() + "|" + d.getTransferEncoding() + "|" + d.getContentLength());
            }
            if (s == EntityState.T_FIELD) {
                events.add(stream.getField().toString());
            }
        }
    }
}
