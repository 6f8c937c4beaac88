package dev.mx20.relay.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * An SMTP reverse-path or forward-path (RFC 5321 §4.1.2), checked against the grammar and length limits
 * (§4.5.3.1: local-part 64, domain 255, path 256 octets, counted in UTF-8). ASCII only, unless the transaction
 * declared SMTPUTF8 (RFC 6531 §3.3): then the local-part may contain UTF-8 (atext and qtext extended by
 * UTF8-non-ascii) and the domain may be written with U-labels, which are kept as A-labels (IDNA, RFC 5891) so that
 * policy, DNS and logs see one form.
 *
 * @param localPart    the local-part as written (a quoted-string keeps its quotes)
 * @param domain       the domain in lower case, or an address literal such as {@code [192.0.2.1]}
 * @param sourceRoute  whether the path carried an RFC 5321 §4.1.2 A-d-l source route ({@code @a,@b:user@c});
 *                     the route itself is not kept
 * @param quoted       whether the local-part is a quoted-string
 */
public record MailPath(String localPart, String domain, boolean sourceRoute, boolean quoted) {

    /** @return {@code local@domain}, the form used in the spool, logs and recipient lists */
    public String address() {
        return localPart + "@" + domain;
    }

    /**
     * Sender-specified routing hidden in the local-part: {@code %} (the "percent hack"), {@code !} (UUCP bang paths),
     * or an {@code @} inside a quoted local-part. A relay that passes such addresses on lets the next hop relay for
     * strangers, so they are refused like Postfix's {@code allow_untrusted_routing = no}, and source routes too.
     */
    public boolean hasRoutingTrick() {
        return sourceRoute || localPart.indexOf('%') >= 0 || localPart.indexOf('!') >= 0
                || quoted && localPart.indexOf('@') >= 0;
    }

    /**
     * Parses the text between {@code MAIL FROM:} / {@code RCPT TO:} and the parameters, brackets included,
     * e.g. {@code <user@example.com>}. The null path {@code <>} is not a MailPath (callers check it first).
     *
     * @return the path, or empty when it is not valid RFC 5321 syntax
     */
    public static Optional<MailPath> parse(String bracketed) {
        return parse(bracketed, false);
    }

    /**
     * @param utf8 whether the transaction declared SMTPUTF8 (RFC 6531): then UTF-8 local-parts and U-label domains
     *             are accepted
     * @return the path, or empty when it is not valid RFC 5321 (or, with {@code utf8}, RFC 6531) syntax
     */
    public static Optional<MailPath> parse(String bracketed, boolean utf8) {
        if (!utf8 && !isAscii(bracketed)) {
            return Optional.empty();
        }
        if (bracketed.length() < 2 || utf8Length(bracketed) > 258 || bracketed.charAt(0) != '<'
                || bracketed.charAt(bracketed.length() - 1) != '>') {
            return Optional.empty();
        }
        String s = bracketed.substring(1, bracketed.length() - 1);
        boolean route = false;
        if (s.startsWith("@")) {
            int colon = s.indexOf(':');
            if (colon < 0 || !validRoute(s.substring(0, colon))) {
                return Optional.empty();
            }
            route = true;
            s = s.substring(colon + 1);
        }
        int at = s.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        boolean quoted = local.startsWith("\"");
        if (utf8Length(local) > 64 || !(quoted ? validQuoted(local) : validDotString(local))) {
            return Optional.empty();
        }
        if (!isAscii(domain)) {
            try {
                // RFC 6531 §3.3: sub-domain =/ U-label. IDN.toASCII applies the IDNA checks (bad labels throw).
                domain = java.net.IDN.toASCII(domain, java.net.IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (!(validDomain(domain) || validAddressLiteral(domain))) {
            return Optional.empty();
        }
        return Optional.of(new MailPath(local, domain.toLowerCase(Locale.ROOT), route, quoted));
    }

    private static boolean validRoute(String adl) {
        for (String hop : adl.split(",", -1)) {
            if (!hop.startsWith("@") || !validDomain(hop.substring(1))) {
                return false;
            }
        }
        return true;
    }

    static boolean validDotString(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '.' || isAtext(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtext(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0
                || isUtf8NonAscii(c);
    }

    /**
     * RFC 6531 §3.3 UTF8-non-ascii, as decoded characters: anything above ASCII except the C1 controls and the
     * replacement character (what malformed UTF-8 decodes to). Only reachable with SMTPUTF8, since
     * {@link #parse(String, boolean)} refuses non-ASCII input otherwise.
     */
    private static boolean isUtf8NonAscii(char c) {
        return c >= 0xa0 && c != '\uFFFD'; // a decoded String holds no unpaired surrogates: malformed input is U+FFFD
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /** Length in UTF-8 octets (RFC 5321's limits count octets). */
    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static boolean validQuoted(String s) {
        if (s.length() < 2 || !s.endsWith("\"")) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= s.length() - 1 || s.charAt(i) < 32 || s.charAt(i) > 126) {
                    return false;
                }
            } else if (c < 32 || c == 127 || c > 126 && !isUtf8NonAscii(c) || c == '"') {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 §4.1.2 Domain: dot-separated labels of letters, digits and inner hyphens; at most 255 octets. */
    public static boolean validDomain(String d) {
        if (d.isEmpty() || d.length() > 255 || d.endsWith(".")) {
            return false;
        }
        for (String label : d.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean validAddressLiteral(String d) {
        if (!d.startsWith("[") || !d.endsWith("]")) {
            return false;
        }
        String inner = d.substring(1, d.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            return inner.length() > 5 && inner.indexOf(':', 5) >= 0 && IpNetwork.literal(inner.substring(5)) != null;
        }
        return inner.indexOf(':') < 0 && IpNetwork.literal(inner) != null;
    }
}
