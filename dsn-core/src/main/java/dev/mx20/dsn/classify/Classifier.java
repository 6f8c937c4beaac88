package dev.mx20.dsn.classify;

import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Category;
import dev.mx20.dsn.taxonomy.Cause;
import dev.mx20.dsn.taxonomy.Classification;
import dev.mx20.dsn.taxonomy.EnhancedStatus;
import dev.mx20.dsn.taxonomy.Permanence;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.mx20.dsn.taxonomy.Cause.*;

/**
 * Decides the {@link Classification} of one recipient of a report. Internal to dsn-core: callers get
 * classifications through {@link dev.mx20.dsn.BounceAnalyzer}. Stateless and thread-safe.
 *
 * <p>Order of evidence:
 * <ol>
 *   <li>the report kind and the recipient's action: feedback reports, auto-replies and successes are not failures;</li>
 *   <li>the diagnostic text, matched against the {@link PhraseTable} (wording beats a generic status code, e.g.
 *       {@code "550 5.0.0 ... user unknown"} is user-unknown), unless the RFC 3463 status is one of the codes made
 *       for exactly one condition ({@link StatusRules#isDecisive});</li>
 *   <li>the RFC 3463 status code ({@link StatusRules}), then the RFC 5321 reply code;</li>
 *   <li>whether delivery was given up after temporary failures (expired) or is still being retried (delayed).</li>
 * </ol>
 * IPv6 evidence (an IPv6 address literal or an AAAA lookup in the failing step) turns a connection failure into
 * {@link Cause#IPV6_UNREACHABLE} and a missing PTR into {@link Cause#REVERSE_DNS_MISSING_IPV6}, and sets the
 * {@code ipv6} flag of causes where the sending address matters (block lists, SPF, reputation, rate limits).
 */
public final class Classifier {
    /**
     * Causes where the failing step is the connection itself: if the sender then gave up, the category is
     * expired (as Sisimai reports "connection timed out ... giving up"). DNS and system failures keep theirs.
     */
    private static final Set<Cause> TRANSPORT = EnumSet.of(NETWORK_ERROR, IPV6_UNREACHABLE, EXPIRED_AFTER_RETRIES);
    /** Causes that a delay notice files as expired (still retrying a connection or a DNS lookup). */
    private static final Set<Cause> DELAY_AS_EXPIRED = EnumSet.of(NETWORK_ERROR, IPV6_UNREACHABLE,
            EXPIRED_AFTER_RETRIES, DNS_FAILURE);
    /** Causes where the sending IP address is what the receiver judged: an IPv6 address makes them IPv6 causes. */
    private static final Set<Cause> ADDRESS_SENSITIVE = EnumSet.of(BLOCKLISTED_IP, CLIENT_BLOCKED, BAD_REPUTATION,
            SPF_FAIL, AUTH_FAILED, DMARC_REJECT, RATE_LIMITED, DNS_FAILURE, NETWORK_ERROR, EXPIRED_AFTER_RETRIES,
            DELAYED, SECURITY_ERROR);

    private static final int EVIDENCE_CONTEXT = 60;

    /**
     * Classifies one recipient.
     *
     * @param report    the whole report (kind, format, reporting MTA)
     * @param recipient one of its recipients
     * @return the classification; never {@code null}
     */
    public Classification classify(BounceReport report, RecipientReport recipient) {
        ReportKind kind = report == null ? null : report.kind();
        if (kind == ReportKind.FEEDBACK_REPORT) {
            return verdict(FEEDBACK_REPORT, Permanence.NONE, false, "report kind feedback-report (RFC 5965)");
        }
        if (kind == ReportKind.AUTO_REPLY) {
            return verdict(AUTO_REPLY, Permanence.NONE, false, "report kind auto-reply (RFC 3834)");
        }
        Diagnostic diagnostic = recipient.diagnostic();
        String text = TextNormalizer.normalize(diagnostic == null ? null : diagnostic.text());
        EnhancedStatus status = EnhancedStatus.parse(recipient.status());
        if (status == null) {
            status = EnhancedStatus.find(text);
        }
        Integer reply = diagnostic == null ? null : diagnostic.replyCode();
        Action action = recipient.action();

        if (action == Action.DELIVERED || action == Action.RELAYED || action == Action.EXPANDED
                || action == null && (status != null && status.isSuccess() || kind == ReportKind.DELIVERED)) {
            String why = action != null ? "Action: " + action.id() : status != null && status.isSuccess()
                    ? "status " + status + " (" + status.meaning() + ")" : "report kind delivered";
            return verdict(DELIVERED, Permanence.NONE, false, why);
        }

        List<RuleBook.Hit> hits = PhraseTable.BOOK.match(text);
        RuleBook.Hit phrase = null;
        RuleBook.Hit expiry = null;
        for (RuleBook.Hit h : hits) {
            if (h.cause() == EXPIRED_AFTER_RETRIES) {
                expiry = h;
            } else if (phrase == null) {
                phrase = h;
            }
        }

        Cause cause = null;
        String evidence = null;
        Cause byStatus = StatusRules.causeOf(status);
        Cause byProvider = ProviderCodes.causeOf(text);
        if (byProvider != null) {
            cause = byProvider;
            evidence = "provider code: " + clip(text);
            phrase = null; // the provider's own code outranks wording
        } else if (phrase != null) {
            cause = phrase.cause();
            evidence = excerpt(text, phrase.pattern());
            if (byStatus != null && byStatus != cause && StatusRules.isDecisive(status) && !cause.ipv6()) {
                evidence = statusEvidence(status) + "; text: " + evidence;
                cause = byStatus;
            }
        } else if (byStatus != null && byStatus != EXPIRED_AFTER_RETRIES) {
            cause = byStatus;
            evidence = statusEvidence(status);
        } else if (reply != null && causeOfReply(reply) != null) {
            cause = causeOfReply(reply);
            evidence = "reply code " + reply;
        }

        // The SMTP stage changes what the same words mean (see SmtpCommand)
        SmtpCommand command = SmtpCommand.find(text);
        if (phrase != null && cause == phrase.cause()) {
            if (cause == USER_UNKNOWN && command == SmtpCommand.MAIL) {
                cause = SENDER_REJECTED;
            } else if (cause == USER_UNKNOWN && command != SmtpCommand.RCPT && byStatus != USER_UNKNOWN
                    && (command == SmtpCommand.DATA || byStatus == RECIPIENT_FILTERED)) {
                // "user unknown" in answer to DATA, or under an X.2.x mailbox-status code, is not a missing
                // mailbox (that is refused at RCPT TO, X.1.1) but the recipient side filtering the message
                cause = RECIPIENT_FILTERED;
            } else if (cause == DOMAIN_NOT_FOUND && command == SmtpCommand.MAIL) {
                cause = SENDER_DOMAIN_UNROUTABLE; // "after MAIL FROM: 550 no such domain": the sender's domain
            }
        }
        if (cause == null && report != null && "googlegroups".equals(report.format())) {
            // Google Groups answers only posts it refuses (no such group, or the sender may not post), in the
            // reader's language; the format alone says the sender was refused
            cause = SENDER_REJECTED;
            evidence = "report format googlegroups";
        }
        if ((cause == null || cause == UNRECOGNIZED)
                && (command == SmtpCommand.HELO || command == SmtpCommand.CONNECT)) {
            cause = CLIENT_BLOCKED; // refused before any address was given: the client itself was refused
            evidence = clip(text);
        }

        boolean delayed = action == Action.DELAYED || kind == ReportKind.DELAY;
        // a final failure report whose status is a temporary one (4.x.x): the sender gave up retrying
        boolean finalReport = action == Action.FAILED
                || action == null && (kind == ReportKind.DSN || kind == ReportKind.BOUNCE);
        boolean gaveUp = !delayed && (expiry != null || byStatus == EXPIRED_AFTER_RETRIES
                || finalReport && (status != null ? status.isTransient() : reply != null && reply / 100 == 4));

        boolean mailer = diagnostic != null && diagnostic.type() != null
                && diagnostic.type().toLowerCase(Locale.ROOT).startsWith("x-unix");
        if (cause == null) {
            if (mailer) {
                cause = MAILER_ERROR; // RFC 3464 §2.3.6 "X-Unix": the local delivery program's exit status
                evidence = "Diagnostic-Code type " + diagnostic.type() + (text.isEmpty() ? "" : ": " + clip(text));
            } else if (delayed) {
                cause = DELAYED;
                evidence = "Action: delayed";
            } else if (gaveUp) {
                cause = EXPIRED_AFTER_RETRIES;
                evidence = expiry != null ? excerpt(text, expiry.pattern())
                        : status != null ? statusEvidence(status) : "reply code " + reply;
            } else if (!text.isEmpty()) {
                cause = UNRECOGNIZED;
                evidence = clip(text);
            } else {
                cause = UNKNOWN;
                evidence = status != null ? statusEvidence(status) : "";
            }
        }

        // IPv6: an IPv6 literal or the word "ipv6" in the failing step makes the generic causes IPv6 ones
        String v6 = Ipv6Evidence.find(text);
        if (v6 == null && recipient.remoteMta() != null) {
            v6 = Ipv6Evidence.findLiteral(recipient.remoteMta().toLowerCase(Locale.ROOT));
        }
        boolean v6Address = v6 != null && !"type=aaaa".equals(v6);
        if (v6Address && (cause == NETWORK_ERROR || cause == EXPIRED_AFTER_RETRIES && gaveUp && phrase == null)) {
            cause = IPV6_UNREACHABLE;
            evidence = evidence + " [IPv6: " + v6 + "]";
        } else if (v6Address && cause == REVERSE_DNS_MISSING) {
            cause = REVERSE_DNS_MISSING_IPV6;
            evidence = evidence + " [IPv6: " + v6 + "]";
        }
        boolean ipv6 = cause.ipv6() || v6 != null && ADDRESS_SENSITIVE.contains(cause);

        Category category = cause.category();
        String explanation = cause.explanation();
        // explicit "expired / too long in the queue" wording over a temporary system error: the give-up is the news
        if (gaveUp && (TRANSPORT.contains(cause) || expiry != null && cause == SYSTEM_ERROR)) {
            category = Category.EXPIRED;
            if (cause != EXPIRED_AFTER_RETRIES) {
                explanation = "The sending server gave up after retrying. " + explanation;
            }
        } else if (delayed && DELAY_AS_EXPIRED.contains(cause)) {
            category = Category.EXPIRED; // Sisimai files a delay whose only reason is the connection as expired
            explanation = "Delivery is delayed and still being retried. " + explanation;
        }
        Permanence permanence = delayed || gaveUp ? Permanence.TRANSIENT
                : status != null ? (status.isTransient() ? Permanence.TRANSIENT : Permanence.PERMANENT)
                : reply != null && reply >= 400 && reply < 600
                        ? (reply < 500 ? Permanence.TRANSIENT : Permanence.PERMANENT)
                        : cause.permanence();
        return new Classification(category, cause.id(), permanence, ipv6, explanation, cause.remedy(), evidence);
    }

    /** RFC 5321 / RFC 7504 reply codes that name a cause on their own. */
    private static Cause causeOfReply(int reply) {
        switch (reply) {
            case 521: // RFC 7504: host does not accept mail
            case 556: // RFC 7504: domain does not accept mail
                return NOT_ACCEPTING_MAIL;
            case 530:
            case 535:
                return SECURITY_ERROR;
            default:
                return null;
        }
    }

    private static Classification verdict(Cause cause, Permanence permanence, boolean ipv6, String evidence) {
        return new Classification(cause.category(), cause.id(), permanence, ipv6, cause.explanation(),
                cause.remedy(), evidence);
    }

    private static String statusEvidence(EnhancedStatus status) {
        return "status " + status + " (" + status.meaning() + ")";
    }

    /** The matched phrase with some context, cut at word boundaries. */
    private static String excerpt(String text, String pattern) {
        int star = pattern.indexOf('*');
        String first = (star < 0 ? pattern : pattern.substring(0, star)).trim();
        int at = first.isEmpty() ? -1 : text.indexOf(first);
        if (at < 0) {
            return clip(text);
        }
        int from = Math.max(0, at - EVIDENCE_CONTEXT);
        int to = Math.min(text.length(), at + pattern.length() + EVIDENCE_CONTEXT);
        while (from > 0 && text.charAt(from - 1) != ' ') {
            from--;
        }
        while (to < text.length() && text.charAt(to) != ' ') {
            to++;
        }
        return text.substring(from, to).trim();
    }

    private static String clip(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
