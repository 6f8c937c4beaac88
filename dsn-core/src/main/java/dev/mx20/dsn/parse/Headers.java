package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

import java.util.ArrayList;
import java.util.List;

/** Helpers for header-style fields: lookup, unfolding, RFC 2047 decoding, and header-block parsing. */
final class Headers {
    private Headers() {
    }

    /** First value of {@code name} (case-insensitive) in {@code fields}, or {@code null}. */
    static String first(List<Field> fields, String name) {
        if (fields instanceof LazyHeader lazy) {
            return lazy.first(name); // compares names without building the values it passes over
        }
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** All values of {@code name} (case-insensitive), in order. */
    static List<String> all(List<Field> fields, String name) {
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                out.add(f.value());
            }
        }
        return out;
    }

    /** Decodes RFC 2047 encoded-words; never throws (mime4j's silent monitor keeps undecodable words as-is). */
    static String decode(String value) {
        if (value.indexOf("=?") < 0) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            // An unknown charset inside an encoded-word: keep the raw text rather than fail the message.
            return value;
        }
    }

    /**
     * Removes folding (RFC 5322 §2.2.3): CR and LF vanish, the whitespace that follows them stays.
     * Tabs become spaces so that diagnostics compare as one line.
     */
    static String unfold(CharSequence s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') {
                if (b == null) {
                    b = new StringBuilder(s.length());
                    b.append(s, 0, i);
                }
                if (c == '\t') {
                    b.append(' ');
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s.toString().trim() : b.toString().trim();
    }

    /**
     * Parses header-style text (a {@code text/rfc822-headers} body, one group of a delivery-status body) into
     * fields. Stops at the first empty line when {@code stopAtBlank}; lines that are neither a field nor a
     * continuation are skipped (real-world reports contain stray text).
     */
    static List<Field> parseBlock(String text, boolean stopAtBlank, int maxFields) {
        return parseBlock(text, 0, text.length(), stopAtBlank, maxFields);
    }

    /**
     * {@link #parseBlock(String, boolean, int)} of {@code text[from, to)}, read in place: each field's name and
     * value are cut from {@code text} once (a value gets a builder only when it has continuation lines), where
     * copying every line first and trimming the copies made four to five strings per field.
     */
    static List<Field> parseBlock(String text, int from, int to, boolean stopAtBlank, int maxFields) {
        List<Field> out = new ArrayList<>();
        String name = null;
        int valueFrom = 0;          // the value's first line, text[valueFrom, valueTo), while it has only one
        int valueTo = 0;
        StringBuilder value = null; // the value once a continuation line is appended
        int pos = from;
        while (pos < to && out.size() < maxFields) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0 || eol >= to) {
                eol = to;
            }
            int end = eol;
            if (end > pos && text.charAt(end - 1) == '\r') {
                end--;
            }
            int lineStart = pos;
            pos = eol + 1;
            if (isBlank(text, lineStart, end)) {
                if (stopAtBlank && (name != null || !out.isEmpty())) {
                    break;
                }
                continue;
            }
            char c0 = text.charAt(lineStart);
            if ((c0 == ' ' || c0 == '\t') && name != null) {
                if (value == null) {
                    value = new StringBuilder(valueTo - valueFrom + end - lineStart + 1);
                    value.append(text, valueFrom, valueTo);
                }
                int s = trimStart(text, lineStart, end);
                value.append(' ').append(text, s, trimEnd(text, s, end));
                continue;
            }
            int colon = text.indexOf(':', lineStart);
            if (colon > lineStart && colon < end && isFieldName(text, lineStart, colon)) {
                if (name != null) {
                    out.add(new Field(name, valueOf(text, valueFrom, valueTo, value)));
                }
                int s = trimStart(text, lineStart, colon);
                name = text.substring(s, trimEnd(text, s, colon));
                valueFrom = colon + 1;
                valueTo = end;
                value = null;
            }
        }
        if (name != null && out.size() < maxFields) {
            out.add(new Field(name, valueOf(text, valueFrom, valueTo, value)));
        }
        return out;
    }

    /** A field's value, trimmed: from its builder, or straight from {@code text[from, to)}. */
    private static String valueOf(String text, int from, int to, StringBuilder value) {
        if (value != null) {
            return value.toString().trim();
        }
        int s = trimStart(text, from, to);
        return text.substring(s, trimEnd(text, s, to));
    }

    /** {@link String#isBlank()} of {@code s[from, to)}. */
    private static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Start of {@code s[from, to)} after {@link String#trim()}'s leading characters (those up to U+0020). */
    private static int trimStart(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    /** End of {@code s[from, to)} before {@link String#trim()}'s trailing characters. */
    private static int trimEnd(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }

    /** {@link #isFieldName(String, int)} of the line starting at {@code lineStart}. */
    private static boolean isFieldName(String text, int lineStart, int colon) {
        int end = colon;
        while (end > lineStart && text.charAt(end - 1) == ' ') {
            end--;
        }
        if (end == lineStart) {
            return false;
        }
        for (int i = lineStart; i < end; i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code line[0, colon)} is a field name (printable ASCII without spaces, RFC 5322 §3.6.8). */
    static boolean isFieldName(String line, int colon) {
        int end = colon;
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--; // "Status : 5.1.1" occurs in the wild
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** Removes RFC 5322 comments {@code (...)} (one level of nesting is enough for DSN fields). */
    static String stripComments(String v) {
        if (v.indexOf('(') < 0) {
            return v.trim();
        }
        StringBuilder b = new StringBuilder(v.length());
        int depth = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                b.append(c);
            }
        }
        return b.toString().trim();
    }

    /**
     * The value part of an RFC 3464 {@code type; value} field ({@code rfc822; a@b}, {@code dns; mx.example}),
     * comments removed; fields without a type are returned trimmed.
     */
    static String typedValue(String v) {
        if (v == null) {
            return null;
        }
        int semi = v.indexOf(';');
        String s = semi >= 0 ? v.substring(semi + 1) : v;
        s = stripComments(s);
        return s.isEmpty() ? null : s;
    }

    /** The type part of a {@code type; value} field, lower-case, or {@code null} when there is none. */
    static String typeOf(String v) {
        if (v == null) {
            return null;
        }
        int semi = v.indexOf(';');
        if (semi <= 0) {
            return null;
        }
        String t = v.substring(0, semi).trim();
        return t.isEmpty() || t.indexOf(' ') >= 0 ? null : t.toLowerCase(java.util.Locale.ROOT);
    }
}
