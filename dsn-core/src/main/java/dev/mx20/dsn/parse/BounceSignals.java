package dev.mx20.dsn.parse;

/**
 * Whether an unrecognised message still looks like a bounce: the sender is a mailer-daemon or postmaster
 * (RFC 5321 §4.5.5 null-sender reports come from such names) or the subject uses the words MTAs use.
 */
final class BounceSignals {
    private static final String[] SUBJECT_WORDS = {
        "undeliver", "delivery status notification", "delivery failure", "delivery failed", "failure notice",
        "returned mail", "mail delivery failed", "delivery has failed", "could not be delivered",
        "non remis", "unzustellbar", "nondeliverable", "non-deliverable", "delivery problem", "mail system error",
        "returned to sender", "not delivered", "delivery notification", "rejected", "bounce",
    };

    private BounceSignals() {
    }

    static boolean looksLikeBounce(BounceContext ctx) {
        if (AutoReplies.fromDaemon(ctx.from)) {
            return true;
        }
        for (String w : SUBJECT_WORDS) {
            if (ctx.subject.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
