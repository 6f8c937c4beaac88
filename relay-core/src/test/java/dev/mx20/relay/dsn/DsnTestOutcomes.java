package dev.mx20.relay.dsn;

import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.OutboundRecipient.Notify;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.delivery.RecipientOutcome.Result;

import java.time.Instant;
import java.util.Set;

/** The recipients and delivery outcomes the DSN tests write reports about: a Postfix-like 550 and a refused connection. */
final class DsnTestOutcomes {
    /** When the attempt behind every outcome here was made. */
    static final Instant ATTEMPT = Instant.parse("2026-11-21T10:20:00Z");

    private DsnTestOutcomes() {
    }

    static OutboundRecipient rcpt(String a, String orcpt, Notify... notify) {
        return new OutboundRecipient(a, orcpt, Set.of(notify));
    }

    static RecipientOutcome failed550(String rcpt) {
        return new RecipientOutcome(rcpt, Result.FAILED, "5.1.1", 550,
                "5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown in virtual mailbox table",
                "primary.v6only.example.com", "2001:db8::1", ATTEMPT);
    }

    static RecipientOutcome deferred(String rcpt) {
        return new RecipientOutcome(rcpt, Result.DEFERRED, "4.4.1", 0,
                "connect to primary.v6only.example.com[2001:db8::1]:25: Connection refused", null, null, ATTEMPT);
    }
}
