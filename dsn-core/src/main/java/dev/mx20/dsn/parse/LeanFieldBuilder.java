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
    LeanFieldBuilder(int maxHeaderLength) {
        super(maxHeaderLength);
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
        ByteArrayBuffer copy = new ByteArrayBuffer(buf.buffer(), len, false);
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

    /**
     * What {@link #build()} throws for a line that is not a header field. mime4j's {@code MimeEntity.nextField}
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
