package dev.mx20.relay.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code keyword[=value]} parameters after a MAIL or RCPT path (RFC 5321 §4.1.2 Mail-parameters), and
 * xtext validation for the DSN parameters (RFC 3461 §4: ENVID and ORCPT values are xtext).
 */
final class EsmtpParameters {
    private EsmtpParameters() {
    }

    /** Splits {@code "<path> K=V K2"} into the path and the parameters (upper-case keywords). Empty on bad syntax. */
    static Optional<Map.Entry<String, Map<String, String>>> split(String argument) {
        String a = argument.strip();
        if (!a.startsWith("<")) {
            return Optional.empty();
        }
        int close = pathEnd(a);
        if (close < 0) {
            return Optional.empty();
        }
        String path = a.substring(0, close + 1);
        Map<String, String> params = new LinkedHashMap<>();
        String rest = a.substring(close + 1);
        if (!rest.isEmpty() && rest.charAt(0) != ' ') {
            return Optional.empty();
        }
        for (String p : rest.strip().split(" +")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (!key.matches("[A-Z0-9][A-Z0-9-]*") || params.containsKey(key)) {
                return Optional.empty();
            }
            params.put(key, eq < 0 ? null : p.substring(eq + 1));
        }
        return Optional.of(Map.entry(path, params));
    }

    /** Finds the {@code >} closing the path, skipping quoted-strings (a quoted local-part may contain {@code >}). */
    private static int pathEnd(String a) {
        boolean quoted = false;
        for (int i = 1; i < a.length(); i++) {
            char c = a.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 3461 §4: xtext = *( xchar / hexchar ), xchar = "!".."~" except "+" and "=", hexchar = "+" 2 upper hex. */
    static boolean isXtext(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                if (i + 2 >= s.length() || !isUpperHex(s.charAt(i + 1)) || !isUpperHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpperHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }
}
