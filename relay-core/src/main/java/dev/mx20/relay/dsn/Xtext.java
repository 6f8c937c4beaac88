package dev.mx20.relay.dsn;

/** RFC 3461 §4 xtext: {@code +XX} hex escapes for octets outside {@code !}..{@code ~}, {@code +} and {@code =}. */
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

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
