package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;

import java.util.Map;

import static dev.mx20.dsn.taxonomy.Cause.*;

/**
 * Providers that put their own error code in the reply: when present it is more precise than any wording, so
 * it decides first. Both Cox and Charter/Spectrum write {@code AUP#<code>} and document the codes publicly:
 * Cox's "email error codes" page (AUP#CXBL, AUP#CDRBL, AUP#IPBLnnnn, ...) and Spectrum's "understanding email
 * error codes" page (AUP#I-nnnn incoming, AUP#O-nnnn outgoing, four-digit ranges).
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

    /** The cause named by a provider code in the normalised text, or {@code null}. */
    static Cause causeOf(String text) {
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
