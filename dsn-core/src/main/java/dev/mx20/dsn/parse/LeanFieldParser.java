package dev.mx20.dsn.parse;

import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.ByteSequence;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * mime4j's {@link RawFieldParser} with a shortcut for the common token: a run of printable ASCII without spaces or
 * comments up to its delimiter, e.g. a header field name before its colon ({@code Received}, {@code Content-Type})
 * or a media type before its semicolon. mime4j 0.8.14 builds every such token through a {@link StringBuilder}, one
 * {@code append} per byte behind a {@link BitSet} test and a whitespace test, then copies the builder into a String:
 * for the name of every header line of every message (the returned message's header included), which was most of
 * mime4j's field building in the profile (docs/benchmarks.md, "analyze6"). Here such a token is one Latin-1
 * {@code new String} of the bytes, which is exactly what mime4j's loop appends for bytes 0x21-0x7E (whitespace around
 * the token skipped as mime4j skips it). Anything else (a second word, a comment, a non-ASCII or control byte, a
 * buffer that is not a {@link ByteArrayBuffer}) goes to mime4j's own {@link RawFieldParser#parseToken} unchanged, so
 * the result is mime4j's in every case; {@code LeanFieldParserTest} compares both on random input.
 */
final class LeanFieldParser extends RawFieldParser {
    /** Stateless, like {@link RawFieldParser#DEFAULT}. */
    static final LeanFieldParser INSTANCE = new LeanFieldParser();

    private LeanFieldParser() {
    }

    @Override
    public String parseToken(ByteSequence buf, ParserCursor cursor, BitSet delimiters) {
        if (!(buf instanceof ByteArrayBuffer array) || delimiters != null && delimitsOnWhitespace(delimiters)) {
            return super.parseToken(buf, cursor, delimiters);
        }
        byte[] b = array.buffer();
        int to = cursor.getUpperBound();
        if (to > array.length()) {
            return super.parseToken(buf, cursor, delimiters); // a cursor past the buffer: mime4j decides
        }
        // mime4j's loop: whitespace before the token is skipped, a plain run copied, whitespace after it skipped,
        // then the delimiter (or the end) stops it. Only that shape is taken here; a second word (mime4j joins
        // words with one space), a comment, a control or non-ASCII byte (decoded as UTF-8 there) go to mime4j.
        int i = skipWhitespace(b, cursor.getPos(), to);
        int start = i;
        while (i < to) {
            int c = b[i] & 0xff;
            if (delimiters != null && delimiters.get(c)) {
                break;
            }
            if (isWhitespace(c)) {
                break;
            }
            if (c < 0x21 || c > 0x7e || c == '(') {
                return super.parseToken(buf, cursor, delimiters);
            }
            i++;
        }
        int end = i;
        i = skipWhitespace(b, i, to);
        if (i < to && !(delimiters != null && delimiters.get(b[i] & 0xff))) {
            return super.parseToken(buf, cursor, delimiters);
        }
        cursor.updatePos(i);
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * mime4j's {@link RawFieldParser#parseValue} (a parameter value of Content-Type: {@code charset=utf-8},
     * {@code boundary="..."}) with the same shortcut as {@link #parseToken}: mime4j 0.8.14 copies a value byte by byte
     * into a StringBuilder, a quoted one first through a thread-local buffer, then tests it for RFC 2047 words and
     * copies it again; Content-Type parsing was a fifth of mime4j's own work on a small bounce (docs/benchmarks.md,
     * "mime8"). Taken here: optional whitespace, then either a run of printable ASCII without {@code (} or {@code "}
     * up to whitespace or the delimiter, or a quoted string of printable ASCII (space included) without a backslash
     * whose content does not start with {@code =?}, then optional whitespace, then the delimiter or the end. For that
     * shape mime4j's loops append exactly those bytes as characters (its unquoted copy stops at whitespace, a
     * delimiter, {@code (} and {@code "}; its quoted copy drops CR and LF, keeps escapes, decodes non-ASCII as UTF-8
     * and {@code =?...} as encoded words: all left to it). Anything else goes to mime4j's own method unchanged;
     * {@code LeanFieldParserTest} compares both on random input.
     */
    @Override
    public String parseValue(ByteSequence buf, ParserCursor cursor, BitSet delimiters) {
        if (!(buf instanceof ByteArrayBuffer array) || delimiters != null && delimitsOnWhitespace(delimiters)) {
            return super.parseValue(buf, cursor, delimiters);
        }
        byte[] b = array.buffer();
        int to = cursor.getUpperBound();
        if (to > array.length()) {
            return super.parseValue(buf, cursor, delimiters);
        }
        int i = skipWhitespace(b, cursor.getPos(), to);
        int start;
        int end;
        if (i < to && b[i] == '"' && !(delimiters != null && delimiters.get('"'))) {
            start = i + 1;
            end = start;
            while (true) {
                if (end == to) {
                    return super.parseValue(buf, cursor, delimiters); // unterminated: mime4j decides
                }
                int c = b[end];
                if (c == '"') {
                    break;
                }
                if (c < 0x20 || c > 0x7e || c == '\\') {
                    return super.parseValue(buf, cursor, delimiters);
                }
                end++;
            }
            if (end - start > 1 && b[start] == '=' && b[start + 1] == '?') {
                return super.parseValue(buf, cursor, delimiters); // an RFC 2047 word in quotes: mime4j decodes it
            }
            i = end + 1;
        } else {
            start = i;
            while (i < to) {
                int c = b[i] & 0xff;
                if (delimiters != null && delimiters.get(c) || isWhitespace(c)) {
                    break;
                }
                if (c < 0x21 || c > 0x7e || c == '(' || c == '"') {
                    return super.parseValue(buf, cursor, delimiters);
                }
                i++;
            }
            end = i;
        }
        i = skipWhitespace(b, i, to);
        if (i < to && !(delimiters != null && delimiters.get(b[i] & 0xff))) {
            return super.parseValue(buf, cursor, delimiters); // a second word or a comment: mime4j joins them
        }
        cursor.updatePos(i);
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** mime4j's {@code CharsetUtil.isWhitespace}: SP, HT, CR, LF. */
    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static int skipWhitespace(byte[] b, int from, int to) {
        int i = from;
        while (i < to && isWhitespace(b[i])) {
            i++;
        }
        return i;
    }

    /**
     * mime4j tests delimiters before whitespace; with a whitespace delimiter the shapes above differ. One look at the
     * lowest delimiter (mime4j's are ':', ';' and '='): SP, HT, CR and LF are all at or below 0x20, so a lowest one
     * above that rules them out; anything lower (a control character too) is left to mime4j.
     */
    private static boolean delimitsOnWhitespace(BitSet delimiters) {
        int lowest = delimiters.nextSetBit(0);
        return lowest >= 0 && lowest <= ' ';
    }
}
