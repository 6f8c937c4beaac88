package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads string members out of a JSON text without building a tree: enough for the few fields of a
 * notification, honouring string escapes (RFC 8259 §7) so that quotes and {@code \\uXXXX} in diagnostics are
 * decoded correctly. Never throws on malformed input; returns {@code null} instead.
 */
final class JsonStrings {
    private JsonStrings() {
    }

    /** The string value of the first member {@code "name"} at or after {@code from}, or {@code null}. */
    static String first(String json, String name, int from) {
        return within(json, name, from, json.length());
    }

    /** Like {@link #first} but only for a member that starts before {@code to}. */
    static String within(String json, String name, int from, int to) {
        String key = "\"" + name + "\"";
        int i = json.indexOf(key, Math.max(0, from));
        while (i >= 0 && i < to) {
            int p = skipSpace(json, i + key.length());
            if (p < json.length() && json.charAt(p) == ':') {
                p = skipSpace(json, p + 1);
                if (p < json.length() && json.charAt(p) == '"') {
                    return readString(json, p);
                }
                return null;
            }
            i = json.indexOf(key, i + 1);
        }
        return null;
    }

    /** The strings of the array that starts at the first {@code [} after {@code from}. */
    static List<String> array(String json, int from) {
        List<String> out = new ArrayList<>();
        if (from < 0) {
            return out;
        }
        int p = json.indexOf('[', from);
        if (p < 0) {
            return out;
        }
        p++;
        while (p < json.length()) {
            p = skipSpace(json, p);
            if (p >= json.length() || json.charAt(p) == ']') {
                break;
            }
            if (json.charAt(p) == '"') {
                String s = readString(json, p);
                if (s == null) {
                    break;
                }
                out.add(s);
                p = endOfString(json, p);
            } else {
                p++;
            }
        }
        return out;
    }

    /** Offset just past the JSON value (array/object/string) starting at {@code p}; length on malformed input. */
    static int endOfValue(String json, int p) {
        if (p < 0) {
            return json.length();
        }
        int depth = 0;
        for (int i = p; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                i = endOfString(json, i) - 1;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return json.length();
    }

    private static int skipSpace(String s, int p) {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int endOfString(String s, int quote) {
        for (int i = quote + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return s.length();
    }

    private static String readString(String s, int quote) {
        StringBuilder b = new StringBuilder();
        for (int i = quote + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i >= s.length()) {
                return null;
            }
            char e = s.charAt(i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        return null;
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return null;
    }
}
