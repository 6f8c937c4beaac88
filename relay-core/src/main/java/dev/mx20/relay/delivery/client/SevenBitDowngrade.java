package dev.mx20.relay.delivery.client;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.Base64OutputStream;
import org.apache.james.mime4j.codec.QuotedPrintableOutputStream;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.ByteSequence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Converts an 8-bit MIME message to 7 bits for a next hop that does not offer 8BITMIME (RFC 6152 §3: "the SMTP
 * client MUST NOT send 8-bit data to a server that does not advertise 8BITMIME"; it may convert, RFC 1652 §3,
 * which is what Postfix does). Every leaf part whose body has 8-bit octets (declared {@code 8bit}/{@code binary},
 * or mislabelled {@code 7bit}) is re-encoded: {@code text/*} as quoted-printable (line breaks stay line breaks),
 * anything else as base64; its {@code Content-Transfer-Encoding} is replaced. Multipart structure, preambles,
 * epilogues and parts that are already 7-bit are copied as they are; {@code message/rfc822} parts are converted
 * recursively and relabelled {@code 7bit} (RFC 2046 §5.2.1 allows no other encoding there). The message's meaning
 * is unchanged: a reader that decodes the transfer encodings sees the same octets.
 *
 * <p>Header fields are copied byte for byte: raw 8-bit octets in a header (not MIME-encoded) cannot be converted
 * without knowing their charset; Postfix leaves them too. A message without a MIME-Version header field gets one,
 * since a transfer encoding means nothing without it (RFC 2045 §4).
 *
 * <p>Parsed with mime4j's stream parser (no decoding, no recursion, no limits), so nothing is held twice.
 */
final class SevenBitDowngrade {
    private static final byte[] CRLF = {'\r', '\n'};

    private SevenBitDowngrade() {
    }

    /**
     * @param message the message (CRLF line ends, as spooled)
     * @return the 7-bit form
     * @throws IOException when the message cannot be parsed as MIME at all (the caller then decides what to do)
     */
    static byte[] convert(InputStream message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeConfig config = new MimeConfig.Builder().setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(-1)
                .setMaxContentLen(-1).setStrictParsing(false).build();
        MimeStreamParser parser = new MimeStreamParser(config);
        parser.setContentDecoding(false);
        parser.setNoRecurse();
        parser.setContentHandler(new Writer(out));
        try {
            parser.parse(message);
        } catch (MimeException e) {
            throw new IOException("cannot parse the message as MIME: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** @return whether any octet is above 127 or NUL (neither is 7bit data, RFC 2045 §2.7) */
    static boolean isEightBit(byte[] data) {
        for (byte b : data) {
            if (b < 0 || b == 0) {
                return true;
            }
        }
        return false;
    }

    /** Writes the message back out as the parser walks it. */
    private static final class Writer implements ContentHandler {
        private final OutputStream out;
        private List<Field> header;
        private int depth;
        /** Boundaries of the open multiparts, innermost first. */
        private final Deque<String> boundaries = new ArrayDeque<>();
        /** Whether the innermost open multipart's close delimiter has been written. */
        private final Deque<Boolean> closed = new ArrayDeque<>();

        Writer(OutputStream out) {
            this.out = out;
        }

        @Override
        public void startMessage() {
            depth++;
        }

        @Override
        public void endMessage() {
            depth--;
        }

        @Override
        public void startBodyPart() throws MimeException {
            write("\r\n--" + boundaries.peek() + "\r\n");
        }

        @Override
        public void endBodyPart() {
        }

        @Override
        public void startHeader() {
            header = new ArrayList<>();
        }

        @Override
        public void field(Field field) {
            header.add(field);
        }

        @Override
        public void endHeader() {
        }

        @Override
        public void preamble(InputStream is) throws MimeException, IOException {
            is.transferTo(out);
        }

        @Override
        public void epilogue(InputStream is) throws MimeException, IOException {
            closeMultipart();
            is.transferTo(out);
        }

        @Override
        public void startMultipart(BodyDescriptor bd) throws MimeException {
            // A multipart's own encoding can only be 7bit, 8bit or binary (RFC 2045 §6.4); its parts are converted.
            String cte = bd.getTransferEncoding().toLowerCase(Locale.ROOT);
            writeHeader(cte.equals("8bit") || cte.equals("binary") ? "7bit" : null);
            boundaries.push(bd.getBoundary());
            closed.push(false);
        }

        @Override
        public void endMultipart() throws MimeException {
            closeMultipart();
            boundaries.pop();
            closed.pop();
        }

        private void closeMultipart() throws MimeException {
            if (!closed.peek()) {
                write("\r\n--" + boundaries.peek() + "--\r\n");
                closed.pop();
                closed.push(true);
            }
        }

        @Override
        public void body(BodyDescriptor bd, InputStream is) throws MimeException, IOException {
            byte[] body = is.readAllBytes();
            String cte = bd.getTransferEncoding().toLowerCase(Locale.ROOT);
            if (!isIdentity(cte) || !isEightBit(body)) {
                writeHeader(null); // already 7-bit (or base64 / quoted-printable): as it is
                out.write(body);
                return;
            }
            if (bd.getMimeType().equalsIgnoreCase("message/rfc822")) {
                writeHeader("7bit");
                out.write(convert(new ByteArrayInputStream(body)));
                return;
            }
            boolean text = bd.getMediaType().equalsIgnoreCase("text");
            writeHeader(text ? "quoted-printable" : "base64");
            ByteArrayOutputStream encoded = new ByteArrayOutputStream(body.length * 3 / 2 + 16);
            try (OutputStream enc = text ? new QuotedPrintableOutputStream(encoded, false)
                    : new Base64OutputStream(encoded)) {
                enc.write(body);
            }
            byte[] e = encoded.toByteArray();
            out.write(e);
            if (e.length > 0 && e[e.length - 1] != '\n' && depth == 1 && boundaries.isEmpty()) {
                out.write(CRLF); // a message ends with a line end
            }
        }

        @Override
        public void raw(InputStream is) throws IOException {
            is.transferTo(out);
        }

        private static boolean isIdentity(String cte) {
            String c = cte.toLowerCase(Locale.ROOT);
            return c.equals("7bit") || c.equals("8bit") || c.equals("binary");
        }

        /**
         * Writes the pending header section (and the empty line after it), with the transfer encoding replaced by
         * {@code newCte} when that is not {@code null}.
         */
        private void writeHeader(String newCte) throws MimeException {
            boolean mimeVersion = false;
            try {
                for (Field f : header) {
                    if (newCte != null && f.getName().equalsIgnoreCase("Content-Transfer-Encoding")) {
                        continue;
                    }
                    mimeVersion |= f.getName().equalsIgnoreCase("MIME-Version");
                    ByteSequence raw = f.getRaw();
                    if (raw != null) {
                        out.write(raw.toByteArray());
                    } else {
                        out.write((f.getName() + ": " + f.getBody()).getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.write(CRLF);
                }
                if (newCte != null) {
                    if (depth == 1 && boundaries.isEmpty() && !mimeVersion) {
                        out.write("MIME-Version: 1.0\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(("Content-Transfer-Encoding: " + newCte + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(CRLF);
            } catch (IOException e) {
                throw new MimeException(e);
            }
            header = List.of();
        }

        private void write(String s) throws MimeException {
            try {
                out.write(s.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new MimeException(e);
            }
        }
    }
}
