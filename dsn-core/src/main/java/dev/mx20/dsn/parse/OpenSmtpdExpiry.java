package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Action;

import java.util.List;

/**
 * OpenSMTPD (6.x) reports the expiry of a message with its delay template: subject "Delivery status
 * notification: delayed", {@code Action: delayed}, {@code Status: 4.4.7}, "A message is delayed for more than 0
 * seconds" and the reason "Envelope expired". Its queue has in fact removed the envelope at that moment (its log
 * says "Expire ... stat=Envelope expired") and will never try again: the recipient has failed, as in a Postfix
 * or Exim report written when the queue lifetime runs out. Keyed to the OpenSMTPD family and to the reason it
 * writes for that event only, so a real delay notice stays a delay.
 */
final class OpenSmtpdExpiry {
    static final String FAMILY = "opensmtpd";
    private static final String EXPIRED = "envelope expired";

    private OpenSmtpdExpiry() {
    }

    /** Marks the delayed recipients whose reason is OpenSMTPD's "Envelope expired" as failed. */
    static void apply(List<RecipientDraft> recipients) {
        for (RecipientDraft r : recipients) {
            String d = r.diagnosticText;
            if (r.action == Action.DELAYED && d != null && d.regionMatches(true, 0, EXPIRED, 0, EXPIRED.length())) {
                r.action = Action.FAILED;
            }
        }
    }
}
