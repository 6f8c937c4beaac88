package dev.mx20.relay.dsn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3461 §4 xtext: {@code +XX} hex escapes for octets outside {@code !}..{@code ~}, {@code +} and {@code =};
 * and RFC 6533 §3's {@code \x{HEX}} escapes of the utf-8 address type.
 */
final class Xtext {
    private Xtext() {
    }

    /** Decodes xtext; malformed escapes are kept literally (the value is only shown, never parsed further). */
    static String decode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Decodes xtext whose octets are UTF-8: {@code +XX} escapes become octets, other characters (ASCII, or UTF-8
     * that an SMTPUTF8 client sent as is, RFC 6533 §3 utf-8-addr-unitext) their UTF-8 octets; the whole is then read
     * as UTF-8 (malformed sequences become U+FFFD).
     */
    static String decodeUtf8(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c < 128) {
                out.write(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Undoes RFC 6533 §3 EmbeddedUnicodeChar escapes, {@code \x{HEXPOINT}} (2 to 6 hex digits, a Unicode scalar
     * value): the form a utf-8 address takes in an ASCII context. Anything that is not a valid escape stays as it is.
     */
    static String decodeEmbeddedUnicode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("\\x{", i)) {
                int close = s.indexOf('}', i + 3);
                if (close > i + 4 && close <= i + 9 && allHex(s, i + 3, close)) {
                    int cp = Integer.parseInt(s.substring(i + 3, close), 16);
                    if (Character.isValidCodePoint(cp) && (cp < 0xD800 || cp > 0xDFFF)) {
                        sb.appendCodePoint(cp);
                        i = close + 1;
                        continue;
                    }
                }
            }
            sb.append(s.charAt(i++));
        }
        return sb.toString();
    }

    private static boolean allHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
