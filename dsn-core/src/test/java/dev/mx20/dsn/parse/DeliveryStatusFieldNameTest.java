package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link DeliveryStatusParser#lowerName} is {@code toLowerCase(Locale.ROOT)}, for the known names in any spelling. */
class DeliveryStatusFieldNameTest {
    private static final String[] NAMES = {"Reporting-MTA", "DSN-Gateway", "Received-From-MTA", "Arrival-Date",
        "Original-Envelope-Id", "X-Postfix-Queue-ID", "X-Postfix-Sender", "X-Original-Message-ID", "X-Queue-ID",
        "Final-Recipient", "Original-Recipient", "Action", "Status", "Remote-MTA", "Diagnostic-Code",
        "Last-Attempt-Date", "Will-Retry-Until", "Final-Log-ID", "X-Other", "Kind", "Statu", "Statuss", ""};
    /** Characters that fold oddly: dotless i, dotted capital I, Kelvin sign, long s, sharp s, A with ring. */
    private static final char[] ODD = {'\u0131', '\u0130', '\u212a', '\u017f', '\u00df', '\u00c5', '\u00e5', '@', '['};

    @Test
    void sameAsLowerCasing() {
        Random random = new Random(3464);
        for (int n = 0; n < 200_000; n++) {
            char[] c = NAMES[random.nextInt(NAMES.length)].toCharArray();
            for (int i = 0; i < c.length; i++) {
                int r = random.nextInt(10);
                if (r < 3) {
                    c[i] = Character.toUpperCase(c[i]);
                } else if (r < 6) {
                    c[i] = Character.toLowerCase(c[i]);
                } else if (r == 6) {
                    c[i] = ODD[random.nextInt(ODD.length)];
                }
            }
            String name = new String(c);
            assertEquals(name.toLowerCase(Locale.ROOT), DeliveryStatusParser.lowerName(name), name);
        }
    }
}
