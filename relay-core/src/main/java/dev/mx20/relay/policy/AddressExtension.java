package dev.mx20.relay.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * Address extensions ({@code alice+lists@example.com}): the part of a local-part from the first delimiter
 * character on, which the primary's mailbox ignores (Postfix {@code recipient_delimiter}, Sendmail's and Exim's
 * {@code +detail}). The relay must accept what the primary would deliver, so a recipient not on the list by its
 * full address is looked up again without the extension. The rules are Postfix's, so that an operator moving a
 * Postfix backup MX to this relay sees the same answers:
 * <ul>
 *   <li>the local-part is cut at the first character of the delimiter set (several characters may be configured,
 *       e.g. {@code +-});</li>
 *   <li>never cut when that would leave an empty base ({@code +tag@}) or an empty extension ({@code alice+@});</li>
 *   <li>never cut {@code postmaster} and {@code MAILER-DAEMON}, and, when {@code -} is a delimiter, neither
 *       {@code owner-*} nor {@code *-request}: mailing-list conventions older than extensions;</li>
 *   <li>a quoted local-part is never cut (its characters are not separators).</li>
 * </ul>
 */
final class AddressExtension {
    private AddressExtension() {
    }

    /**
     * @param localPart  the local-part as received (not quoted)
     * @param delimiters the delimiter characters; empty = extensions are off
     * @return the local-part without its extension, or empty when it has none by the rules above
     */
    static Optional<String> base(String localPart, String delimiters) {
        if (delimiters.isEmpty()) {
            return Optional.empty();
        }
        String lower = localPart.toLowerCase(Locale.ROOT);
        if (lower.equals("postmaster") || lower.equals("mailer-daemon")) {
            return Optional.empty();
        }
        if (delimiters.indexOf('-') >= 0 && (lower.startsWith("owner-") || lower.endsWith("-request"))) {
            return Optional.empty();
        }
        int cut = -1;
        for (int i = 0; i < localPart.length() && cut < 0; i++) {
            if (delimiters.indexOf(localPart.charAt(i)) >= 0) {
                cut = i;
            }
        }
        if (cut <= 0 || cut == localPart.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(localPart.substring(0, cut));
    }
}
