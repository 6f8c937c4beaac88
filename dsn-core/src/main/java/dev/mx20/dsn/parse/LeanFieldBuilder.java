package dev.mx20.dsn.parse;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.DefaultFieldBuilder;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.RecycledByteArrayBuffer;

/**
 * The field builder mime4j 0.8.14 uses by default ({@link DefaultFieldBuilder}, one per {@code MimeTokenStream},
 * with its buffer, limits, reset and release unchanged), whose {@link #build()} reads the field name with
 * {@link LeanFieldParser} instead of {@code RawFieldParser.DEFAULT}: same bytes copied, same trailing CRLF
 * dropped, same name check, same exceptions, one String per name instead of a byte-by-byte StringBuilder.
 * A new builder per stream, like mime4j's own: sharing one across messages is unsafe (docs/benchmarks.md,
 * "speed3": mime4j lends the buffer to its line reader after a malformed header line).
 */
final class LeanFieldBuilder extends DefaultFieldBuilder {
    /** {@code MimeReader}'s kind of header being read (its {@code KEEP_} constants), or -1: build every field. */
    private int keep = -1;

    LeanFieldBuilder(int maxHeaderLength) {
        super(maxHeaderLength);
    }

    /**
     * From now on, a well-formed field that {@code MimeReader} does not want in this kind of header
     * ({@code MimeReader.unwantedPlainField}; {@code keep} is one of its {@code KEEP_} constants, -1 builds every
     * field) is not built: {@link #build()} returns {@code null}, which mime4j's entity takes as "no field here"
     * and reads on to the next line (0.8.14 {@code MimeEntity.nextField}: {@code if (field == null) continue}), so
     * such a field costs neither the copy of its bytes, nor its name String, nor the body descriptor's look at it,
     * nor an event. mime4j's header count and its limits still see every line (counted before {@code build}).
     * Every {@code Content-} field is wanted in every kind of header: the body descriptor is read from them.
     */
    void keeping(int keep) {
        this.keep = keep;
    }

    @Override
    public RawField build() throws MimeException {
        RecycledByteArrayBuffer buf = getRaw();
        int len = buf.length();
        // As DefaultFieldBuilder.build: the line break of the last line is not part of the field.
        if (len > 0) {
            if (buf.byteAt(len - 1) == '\n') {
                len--;
            }
            if (buf.byteAt(len - 1) == '\r') {
                len--;
            }
        }
        if (keep >= 0 && MimeReader.unwantedPlainField(buf.buffer(), len, keep)) {
            return null;
        }
        ByteArrayBuffer copy = new ByteArrayBuffer(buf.buffer(), len, false);
        if (!hasColon(buf.buffer(), len)) {
            // What RawFieldParser.parseField throws for such a line (same message), without its stack trace: a
            // body line read as a header, ~0.16 per corpus message, which in the service fills in the request
            // thread's deep stack (docs/benchmarks.md, rest-api, batch8).
            throw new MalformedFieldName("Invalid MIME field: no name/value separator found: " + copy);
        }
        RawField field = LeanFieldParser.INSTANCE.parseField(copy);
        String name = field.getName();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            // DefaultFieldBuilder's FIELD_CHARS: printable ASCII but ':' (RFC 5322 §3.6.8 ftext)
            if (ch < 0x21 || ch > 0x7e || ch == ':') {
                throw new MalformedFieldName("MIME field name contains illegal characters: " + field.getName());
            }
        }
        return field;
    }

    /** A line without a colon has no name/value separator, wherever mime4j's name token would end. */
    private static boolean hasColon(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] == ':') {
                return true;
            }
        }
        return false;
    }

    /**
     * The end of the field's name when the field has the plain shape whose name mime4j reads as exactly those bytes
     * and accepts: printable ASCII but {@code :} and {@code (} from the first byte (no leading whitespace, no
     * comment), then optional spaces or tabs, then the colon ({@code LeanFieldParser.parseToken}'s shortcut, and
     * every byte passes {@code FIELD_CHARS}). {@code 0} for any other shape: such a line is built and judged by
     * mime4j and {@code MimeReader} as before (malformed, obsolete syntax, a comment in the name).
     */
    static int plainNameEnd(byte[] b, int len) {
        int i = 0;
        while (i < len) {
            int c = b[i];
            if (c < 0x21 || c > 0x7e || c == ':' || c == '(') {
                break;
            }
            i++;
        }
        int end = i;
        while (i < len && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i < len && b[i] == ':' ? end : 0;
    }

    /**
     * What {@link #build()} throws for a line that is not a header field (a name mime4j refuses, or no colon). mime4j's {@code MimeEntity.nextField}
     * catches it as flow control (it reports {@code INVALID_HEADER} and reads on, or takes the line as the start of
     * the body) and never looks at its stack trace. Filling one in walks the whole stack, which in the service is
     * the event loop's deep Netty and Vert.x stack: ~3 % of the event loop's samples per classify request of the
     * examples (docs/benchmarks.md, rest-api, route7). So this one has none.
     */
    static final class MalformedFieldName extends MimeException {
        private static final long serialVersionUID = 1L;

        MalformedFieldName(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
