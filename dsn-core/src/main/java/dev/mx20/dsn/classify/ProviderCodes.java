package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;

import java.util.List;
import java.util.Map;

import static dev.mx20.dsn.taxonomy.Cause.*;

/**
 * Providers that put their own error code in the reply: when present it is more precise than any wording, so
 * it decides first. The codes are documented publicly by each provider:
 * <ul>
 *   <li>Cox and Charter/Spectrum write {@code AUP#<code>}: Cox's "email error codes" page (AUP#CXBL, AUP#CDRBL,
 *       AUP#IPBLnnnn, ...), Spectrum's "understanding email error codes" page (AUP#I-nnnn incoming, AUP#O-nnnn
 *       outgoing, four-digit ranges);</li>
 *   <li>Orange and La Poste (France) end their replies with a label and a three-digit code
 *       ({@code OFR_506 [506]}, {@code LPN007_426}, {@code LPNAAA_101});</li>
 *   <li>GoDaddy ends its replies with {@code IBnnn} ({@code IB212}, {@code IB108}, ...);</li>
 *   <li>Microsoft Exchange / Exchange Online name the resolver's verdict ({@code RESOLVER.ADR.RecipientNotFound},
 *       {@code RESOLVER.RST.RecipSizeLimit}: "Non-delivery reports in Exchange Online"), and Exchange 2000/2003
 *       put an eight-digit IMS code in parentheses ({@code MSEXCH:IMS:... 0 (000C05A6) Unknown Recipient});</li>
 *   <li>Yahoo answers an address it does not have with "dd This user doesn't have a yahoo.com account".</li>
 * </ul>
 * A provider code names the condition regardless of the SMTP stage it is reported for.
 */
final class ProviderCodes {
    private ProviderCodes() {
    }

    private static final Map<String, Cause> COX = Map.ofEntries(
            Map.entry("cxbl", BLOCKLISTED_IP), Map.entry("cdrbl", BLOCKLISTED_IP),
            Map.entry("cxdns", REVERSE_DNS_MISSING), Map.entry("cxsndr", AUTH_FAILED),
            Map.entry("cxsmtp", SENDER_REJECTED), Map.entry("cxcnct", RATE_LIMITED), Map.entry("cxmxrt", RATE_LIMITED),
            Map.entry("cxthrt", SECURITY_ERROR), Map.entry("cxmj", SECURITY_ERROR));

    /** Spectrum code ranges: {from, to} (inclusive) and the cause. */
    private static final int[][] SPECTRUM_RANGES = {
        {1000, 1000}, {1010, 1010}, {1020, 1080}, {1090, 1090}, {1100, 1150}, {1160, 1190}, {1200, 1250},
        {1260, 1260}, {1300, 1340}, {1350, 1490}, {1500, 1500}, {1520, 1520}, {1530, 1530}, {1540, 1550},
        {1560, 1560}, {1580, 1580},
    };
    private static final Cause[] SPECTRUM_CAUSES = {
        BLOCKLISTED_IP, SENDER_REJECTED, SENDER_REJECTED, SYSTEM_ERROR, REVERSE_DNS_MISSING, POLICY_VIOLATION,
        BLOCKLISTED_IP,
        IPV6_NOT_ACCEPTED, // 1260: "Spectrum doesn't process IPV6 addresses. Connect with an IPv4 address"
        RATE_LIMITED, RATE_LIMITED, SENDER_REJECTED, SENDER_REJECTED, MESSAGE_TOO_LARGE, RATE_LIMITED,
        POLICY_VIOLATION, RATE_LIMITED,
    };

    /** Orange / La Poste three-digit codes. */
    private static final Map<String, Cause> ORANGE = Map.ofEntries(
            Map.entry("101", BLOCKLISTED_IP), Map.entry("102", BLOCKLISTED_IP), Map.entry("103", CLIENT_BLOCKED),
            Map.entry("104", RATE_LIMITED), Map.entry("305", SECURITY_ERROR), Map.entry("401", SPF_FAIL),
            Map.entry("402", SECURITY_ERROR), Map.entry("403", SENDER_REJECTED), Map.entry("405", SENDER_REJECTED),
            Map.entry("415", SENDER_REJECTED), Map.entry("416", USER_UNKNOWN), Map.entry("417", MAILBOX_FULL),
            Map.entry("420", MAILBOX_DISABLED), Map.entry("421", SENDER_REJECTED), Map.entry("426", MAILBOX_DISABLED),
            Map.entry("505", SYSTEM_ERROR), Map.entry("506", SPAM_CONTENT), Map.entry("510", CLIENT_BLOCKED),
            Map.entry("514", MESSAGE_TOO_LARGE), Map.entry("517", DMARC_REJECT), Map.entry("630", POLICY_VIOLATION),
            Map.entry("999", CLIENT_BLOCKED));

    /** GoDaddy IBnnn codes. */
    private static final Map<String, Cause> GODADDY = Map.ofEntries(
            Map.entry("ib401", SECURITY_ERROR), Map.entry("ib501", NOT_RFC_COMPLIANT), Map.entry("ib502", NOT_RFC_COMPLIANT),
            Map.entry("ib506", SENDER_REJECTED), Map.entry("ib508", SPF_FAIL), Map.entry("ib108", REVERSE_DNS_MISSING),
            Map.entry("ib212", SPAM_CONTENT), Map.entry("ib705", VIRUS_DETECTED), Map.entry("ib605", RATE_LIMITED),
            Map.entry("ib007", RATE_LIMITED), Map.entry("ib101", RATE_LIMITED), Map.entry("ib110", BLOCKLISTED_IP),
            Map.entry("ib111", BLOCKLISTED_IP), Map.entry("ib112", BLOCKLISTED_IP), Map.entry("ib113", BLOCKLISTED_IP),
            Map.entry("ib504", RATE_LIMITED), Map.entry("ib510", RATE_LIMITED), Map.entry("ib607", RATE_LIMITED),
            Map.entry("ib103", BAD_REPUTATION), Map.entry("ib104", BLOCKLISTED_IP), Map.entry("ib105", BLOCKLISTED_IP),
            Map.entry("ib106", BLOCKLISTED_IP));

    /** Fixed provider codes and wordings, lower-cased, and what they name. */
    private static final List<Map.Entry<String, Cause>> LITERAL = List.of(
            Map.entry("resolver.adr.recipientnotfound", USER_UNKNOWN),
            Map.entry("resolver.adr.recipnotfound", USER_UNKNOWN),
            Map.entry("resolver.adr.exrecipnotfound", USER_UNKNOWN),
            Map.entry("resolver.rst.recipsizelimit", MESSAGE_TOO_LARGE),
            // the other Exchange 2007+ categorizer/queue codes of its NDRs ("Diagnostic information for
            // administrators: ... #550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized ##"). Not
            // RESOLVER.RST.AuthRequired: Exchange Online adds "Delivery not authorized" to it, a refusal of the
            // sender (SystemPhrases), where the on-premises text alone reads as an authentication requirement
            Map.entry("resolver.rst.notauthorized", SENDER_REJECTED),
            Map.entry("resolver.adr.reciplimit", RATE_LIMITED),
            Map.entry("resolver.adr.badprimary", SYSTEM_ERROR),
            Map.entry("resolver.adr.invalidinsmtp", SYSTEM_ERROR),
            Map.entry("resolver.adr.ambiguous", SYSTEM_ERROR),
            Map.entry("smtpsend.dns.mxloopback", MAIL_LOOP),
            Map.entry("queue.expired", EXPIRED_AFTER_RETRIES),
            Map.entry("(000c05a6)", USER_UNKNOWN),          // Exchange IMS: Unknown Recipient
            Map.entry("(000c0595)", RECIPIENT_FILTERED),    // Exchange IMS: Ambiguous Recipient (RFC 3463 X.1.4)
            Map.entry("(00120270)", MAIL_LOOP),             // Exchange IMS: Too Many Hops
            Map.entry("(00010256)", SYSTEM_ERROR),          // Exchange IMS: Too many recipients (its own limit)
            Map.entry("(000d06b5)", SYSTEM_ERROR),          // Exchange IMS: No proxy for recipient
            Map.entry("(00050311)", CONTENT_ERROR),         // Exchange IMS: Conversion to Internet format failed
            Map.entry("(000502cc)", CONTENT_ERROR),         // Exchange IMS: Conversion to Internet format failed
            Map.entry("(000b0981)", SECURITY_ERROR),        // Exchange IMS: 502 Server does not support AUTH
            Map.entry("this user doesn't have a yahoo.com account", USER_UNKNOWN),
            Map.entry("this user doesn't have a ymail.com account", USER_UNKNOWN));

    /** The cause named by a provider code in the normalised text, or {@code null}. */
    static Cause causeOf(String text) {
        return causeOf(text, null, 0);
    }

    /**
     * {@link #causeOf(String)}, with the phrases of {@link #phrases()} already looked for: {@code found[offset + i]}
     * says whether the text contains phrase {@code i} (the classifier's one {@link RuleBook} pass over the text
     * finds them, instead of some thirty {@code contains} scans here); {@code found == null} asks the text.
     */
    static Cause causeOf(String text, boolean[] found, int offset) {
        for (int i = 0; i < LITERAL.size(); i++) {
            Map.Entry<String, Cause> literal = LITERAL.get(i);
            if (found != null ? found[offset + i] : text.contains(literal.getKey())) {
                return literal.getValue();
            }
        }
        Cause orange = orange(text);
        if (orange != null) {
            return orange;
        }
        Cause godaddy = godaddy(text);
        if (godaddy != null) {
            return godaddy;
        }
        Cause iua = absent(found, offset, IUA_MARKER) ? null : iua(text);
        if (iua != null) {
            return iua;
        }
        Cause facebook = absent(found, offset, FACEBOOK_MARKER) ? null : facebook(text);
        if (facebook != null) {
            return facebook;
        }
        return absent(found, offset, AUP_MARKER) ? null : aup(text);
    }

    /** Markers whose absence rules a provider out before its own reader runs; ids after the literals'. */
    private static final String[] MARKERS = {"facebook.com", ".i.ua/err/", "aup#"};
    private static final int FACEBOOK_MARKER = 0;
    private static final int IUA_MARKER = 1;
    private static final int AUP_MARKER = 2;

    /** Whether the pass says the text lacks {@link #MARKERS}[{@code marker}]; {@code false} without a pass. */
    private static boolean absent(boolean[] found, int offset, int marker) {
        return found != null && !found[offset + LITERAL.size() + marker];
    }

    /** The phrases {@link #causeOf(String, boolean[], int)} reads from a pass: the literals, then the markers. */
    static List<String> phrases() {
        List<String> phrases = new java.util.ArrayList<>(LITERAL.size() + MARKERS.length);
        for (Map.Entry<String, Cause> literal : LITERAL) {
            phrases.add(literal.getKey());
        }
        phrases.addAll(List.of(MARKERS));
        return List.copyOf(phrases);
    }

    /** Facebook's response codes (postmaster.facebook.com/response_codes): "550 5.1.1 RCP-P2 http://...". */
    private static final Map<String, Cause> FACEBOOK = Map.ofEntries(
            Map.entry("pol-p1", BLOCKLISTED_IP), Map.entry("pol-p2", CLIENT_BLOCKED), Map.entry("pol-p3", CLIENT_BLOCKED),
            Map.entry("pol-p4", CLIENT_BLOCKED), Map.entry("pol-t1", CLIENT_BLOCKED), Map.entry("pol-t2", CLIENT_BLOCKED),
            Map.entry("pol-t3", CLIENT_BLOCKED), Map.entry("pol-p5", VIRUS_DETECTED), Map.entry("pol-p6", SPAM_CONTENT),
            Map.entry("pol-p7", AUTH_FAILED), Map.entry("msg-p1", MESSAGE_TOO_LARGE), Map.entry("int-p2", MESSAGE_TOO_LARGE),
            Map.entry("msg-p2", CONTENT_ERROR), Map.entry("msg-p3", NOT_RFC_COMPLIANT), Map.entry("msg-t1", RATE_LIMITED),
            Map.entry("rcp-p1", USER_UNKNOWN), Map.entry("int-p1", USER_UNKNOWN), Map.entry("int-p3", USER_UNKNOWN),
            Map.entry("int-p4", USER_UNKNOWN), Map.entry("rcp-p2", RECIPIENT_FILTERED), Map.entry("rcp-p3", RECIPIENT_FILTERED),
            Map.entry("rcp-t1", SYSTEM_ERROR), Map.entry("rcp-t4", MAILBOX_DISABLED), Map.entry("dns-p1", SENDER_DOMAIN_UNROUTABLE),
            Map.entry("dns-p2", SENDER_DOMAIN_UNROUTABLE), Map.entry("dns-t1", SENDER_DOMAIN_UNROUTABLE),
            Map.entry("dns-p3", REVERSE_DNS_MISSING), Map.entry("dns-t2", REVERSE_DNS_MISSING),
            Map.entry("con-t1", RATE_LIMITED), Map.entry("con-t2", RATE_LIMITED), Map.entry("con-t3", RATE_LIMITED),
            Map.entry("con-t4", RATE_LIMITED));

    private static Cause facebook(String text) {
        if (!text.contains("facebook.com")) {
            return null;
        }
        for (int at = text.indexOf('-'); at >= 3 && at + 3 <= text.length(); at = text.indexOf('-', at + 1)) {
            boolean leftOk = at == 3 || !Character.isLetterOrDigit(text.charAt(at - 4));
            boolean rightOk = at + 3 == text.length() || !Character.isLetterOrDigit(text.charAt(at + 3));
            Cause c = leftOk && rightOk ? FACEBOOK.get(text.substring(at - 3, at + 3)) : null;
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** i.ua (Ukraine) links its refusals to an error page: "https://mail.i.ua/err/4/" (mailbox full). */
    private static final Cause[] IUA = {
        null, RELAY_DENIED, USER_UNKNOWN, MAILBOX_DISABLED, MAILBOX_FULL, RATE_LIMITED, RELAY_DENIED,
        CLIENT_BLOCKED, SENDER_REJECTED, BLOCKLISTED_IP, RECIPIENT_FILTERED,
    };

    private static Cause iua(String text) {
        int at = text.indexOf(".i.ua/err/");
        if (at < 0) {
            return null;
        }
        int from = at + ".i.ua/err/".length();
        int code = 0;
        int to = from;
        while (to < text.length() && to - from < 2 && Character.isDigit(text.charAt(to))) {
            code = code * 10 + (text.charAt(to) - '0');
            to++;
        }
        return to > from && code < IUA.length ? IUA[code] : null;
    }

    private static final String[] ORANGE_LABELS = {"lpn", "ofr", "ouk"};

    /** "ofr_506", "ofr004_405", "lpn007_426", "lpnaaa_101", "ouk_513": the last three digits of the label. */
    private static Cause orange(String text) {
        for (String label : ORANGE_LABELS) {
            // indexOf first: a vectorised intrinsic, where lastIndexOf is a plain loop; most texts have no label
            int at = text.indexOf(label) < 0 ? -1 : text.lastIndexOf(label);
            if (at < 0 || at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) {
                continue;
            }
            int underscore = text.indexOf('_', at);
            if (underscore < 0 || underscore - at > 6) {
                // "LPN105-104": label, three digits, hyphen, code (the form La Poste also writes)
                underscore = at + 6 < text.length() && text.charAt(at + 6) == '-' ? at + 6 : -1;
            }
            if (underscore < 0 || underscore + 4 > text.length()) {
                continue;
            }
            String code = text.substring(underscore + 1, underscore + 4);
            if (code.chars().allMatch(Character::isDigit)
                    && (underscore + 4 == text.length() || !Character.isDigit(text.charAt(underscore + 4)))) {
                return ORANGE.get(code);
            }
        }
        return null;
    }

    /** " IB212" at the end of a GoDaddy reply. */
    private static Cause godaddy(String text) {
        int at = text.indexOf("ib");
        while (at >= 0) {
            boolean digitNext = at + 2 < text.length() && Character.isDigit(text.charAt(at + 2));
            boolean leftOk = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            boolean rightOk = at + 5 == text.length() || at + 5 < text.length() && !Character.isLetterOrDigit(text.charAt(at + 5));
            if (digitNext && leftOk && rightOk) {
                Cause c = GODADDY.get(text.substring(at, at + 5));
                if (c != null) {
                    return c;
                }
            }
            at = text.indexOf("ib", at + 2);
        }
        return null;
    }

    private static Cause aup(String text) {
        int at = text.indexOf("aup#");
        if (at < 0) {
            return null;
        }
        int from = at + 4;
        int to = from;
        while (to < text.length() && (Character.isLetterOrDigit(text.charAt(to)) || text.charAt(to) == '-')) {
            to++;
        }
        String code = text.substring(from, to);
        Cause cox = COX.get(code);
        if (cox != null) {
            return cox;
        }
        if (code.startsWith("ipbl")) {
            return BLOCKLISTED_IP;   // Cox: the sending IP is on one or more DNS block lists
        }
        if (code.startsWith("urlbl")) {
            return SPAM_CONTENT;     // Cox: a URL in the message is on a block list
        }
        // Spectrum: I/In (incoming) or O/Out (outgoing), then four digits
        int digits = 0;
        int number = 0;
        for (int i = 0; i < code.length() && digits < 4; i++) {
            char c = code.charAt(i);
            if (c >= '0' && c <= '9') {
                number = number * 10 + (c - '0');
                digits++;
            } else if (digits > 0) {
                return null;
            }
        }
        if (digits != 4 || !(code.startsWith("i") || code.startsWith("o"))) {
            return null;
        }
        for (int r = 0; r < SPECTRUM_RANGES.length; r++) {
            if (number >= SPECTRUM_RANGES[r][0] && number <= SPECTRUM_RANGES[r][1]) {
                return SPECTRUM_CAUSES[r];
            }
        }
        return null;
    }
}
