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
 *   <li>a provider's own code ({@link ProviderCodes}), a text that means what one system documents
 *       ({@link SystemPhrases}), the sending MTA's bounce category ({@link BounceCategoryField});</li>
 *   <li>the diagnostic text, matched against the {@link PhraseTable} (wording beats a generic status code),
 *       unless the RFC 3463 status is one of the codes made for exactly one condition
 *       ({@link StatusRules#isDecisive}); the SMTP stage then refines it ("user unknown" is a missing mailbox
 *       only at RCPT TO or under X.1.1, otherwise the recipient's filter);</li>
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
    /** Failures of the sender's own connection or lookup, which it retries until it gives up. */
    private static final Set<Cause> OWN_TRANSPORT = EnumSet.of(NETWORK_ERROR, IPV6_UNREACHABLE, DNS_FAILURE);

    private static final Set<Cause> DELAY_AS_EXPIRED = EnumSet.of(NETWORK_ERROR, IPV6_UNREACHABLE,
            EXPIRED_AFTER_RETRIES, DNS_FAILURE);
    /** Causes where the sending IP address is what the receiver judged: an IPv6 address makes them IPv6 causes. */
    private static final Set<Cause> ADDRESS_SENSITIVE = EnumSet.of(BLOCKLISTED_IP, CLIENT_BLOCKED, BAD_REPUTATION,
            SPF_FAIL, AUTH_FAILED, DMARC_REJECT, RATE_LIMITED, DNS_FAILURE, NETWORK_ERROR, EXPIRED_AFTER_RETRIES,
            DELAYED, SECURITY_ERROR);

    /** qmail-send's give-up suffix (qmail-send.c), lower-cased as the normalised text is. */
    private static final String QMAIL_GIVE_UP = "i'm not going to try again";

    /** qmail and the qmail clones Sisimai calls "X4": their give-up texts come from qmail-remote.c. */
    /** An IPv4 address literal as MTAs print the address they connected to ("mx.example.org[192.0.2.25]"). */
    private static final java.util.regex.Pattern IPV4_LITERAL =
            java.util.regex.Pattern.compile("\\[\\d{1,3}(?:\\.\\d{1,3}){3}\\]");
    private static final Set<String> QMAIL_FAMILY = Set.of("qmail", "x4");

    /**
     * Report formats in which the reporting system states an unknown mailbox in its own fixed wording (Lotus
     * Domino/Notes "not listed in ... Directory", IMail "Unknown user:", McAfee's gateway notices): there the
     * words are the verdict of the system that owns or checked the mailbox, not a remote reply quoted without
     * its SMTP stage, so they stay user-unknown. (InterScan's, Outlook.com's and Google's own sentences are
     * single texts, in {@link SystemPhrases}.)
     */
    private static final Set<String> OWN_MAILBOX_VERDICT = Set.of("domino", "notes", "imailserver", "mcafee", "groupwise");

    private static final int EVIDENCE_CONTEXT = 60;

    /**
     * What the report says about one recipient, read once; the steps below only look at this. {@code extras}: the
     * {@link ExtraPhrases} that {@code text} contains, from the phrase table's pass (or {@code null}: ask the text).
     */
    private record Facts(BounceReport report, RecipientReport recipient, ReportKind kind, Action action,
                         Diagnostic diagnostic, String text, EnhancedStatus status, Integer reply,
                         RuleBook.Hit phrase, RuleBook.Hit expiry, Cause byStatus, SmtpCommand command,
                         boolean delayed, boolean gaveUp, boolean[] extras) {
        String format() {
            return report == null ? null : report.format();
        }
    }

    /**
     * A cause with the evidence that decided it; {@code systemTemplate} when it is the reporting system's own
     * fixed text ({@link SystemPhrases}), whose meaning a later give-up notice does not change.
     */
    private record Decision(Cause cause, String evidence, boolean fromPhrase, boolean systemTemplate) {
        Decision(Cause cause, String evidence, boolean fromPhrase) {
            this(cause, evidence, fromPhrase, false);
        }
    }

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
            return verdict(FEEDBACK_REPORT, "report kind feedback-report (RFC 5965)");
        }
        if (kind == ReportKind.AUTO_REPLY) {
            return verdict(AUTO_REPLY, "report kind auto-reply (RFC 3834)");
        }
        Facts f = facts(report, recipient, kind);
        String success = success(f);
        if (success != null) {
            return verdict(DELIVERED, success);
        }
        Decision d = refineByStage(f, firstEvidence(f));
        d = fallback(f, d);
        String v6 = v6Evidence(f); // looked for once: the upgrade and the IPv6 flag both ask
        d = ipv6Upgrade(f, d, v6);
        return finish(f, d, v6);
    }

    private static Facts facts(BounceReport report, RecipientReport recipient, ReportKind kind) {
        Diagnostic diagnostic = recipient.diagnostic();
        String text = TextNormalizer.normalize(diagnostic == null ? null : diagnostic.text());
        EnhancedStatus status = EnhancedStatus.parse(recipient.status());
        if (status == null) {
            status = EnhancedStatus.find(text);
        }
        Integer reply = diagnostic == null ? null : diagnostic.replyCode();
        Action action = recipient.action();
        RuleBook.Hit phrase = null;
        RuleBook.Hit expiry = null;
        // the phrase table and the other readers' phrases (ExtraPhrases) in one pass, when all read the same text
        String wording = TextNormalizer.withoutSesStatusGloss(text);
        boolean[] extras = new boolean[ExtraPhrases.ALL.size()];
        for (RuleBook.Hit h : PhraseTable.BOOK.match(wording, extras)) {
            if (h.cause() == EXPIRED_AFTER_RETRIES) {
                expiry = h;
            } else if (phrase == null) {
                phrase = h;
            }
        }
        Cause byStatus = StatusRules.causeOf(status);
        boolean delayed = action == Action.DELAYED || kind == ReportKind.DELAY;
        // a final failure report whose status is a temporary one (4.x.x): the sender gave up retrying; so too when
        // the quoted answer is a 4xx under a 5.x.x status (Haraka turns the temporary status of a recipient it
        // stops retrying into a permanent one: outbound/hmail.js convert_temp_failed_to_bounce)
        boolean finalReport = action == Action.FAILED
                || action == null && (kind == ReportKind.DSN || kind == ReportKind.BOUNCE);
        // ... but not when the quoted answer is a 5xx: the receiver refused for good, and the sender's 4.x.x is its own
        // retry policy (Postfix's smtp_skip_5xx_greeting defers a 5XX greeting to try another MX, then returns the
        // message with "refused to talk to me: 550 ..." under Status 4.0.0)
        boolean permanentReply = reply != null && reply / 100 == 5;
        boolean gaveUp = !delayed && (expiry != null || byStatus == EXPIRED_AFTER_RETRIES
                || finalReport && (status != null && status.isTransient() && !permanentReply
                        || reply != null && reply / 100 == 4)
                || finalReport && ownTransportFailure(phrase, status, reply));
        // the wording first (it knows Sendmail's "503 need RCPT" after a failed RCPT TO), then what the parser
        // read from parts of the report this text does not include
        if (wording != text) {
            extras = null; // the pass read the text without SES's gloss: the readers ask the whole text themselves
        }
        SmtpCommand command = extras != null ? SmtpCommand.find(text, extras) : SmtpCommand.find(text);
        if (command == null) {
            command = SmtpCommand.fromField(recipient.extensionFields());
        }
        if (command == null && report != null && "yahoo".equals(report.format()) && namesAnAddress(text)) {
            // Yahoo's notice quotes the remote answer without its step; an answer that echoes an address in angle
            // brackets ("550 <bob@example.org>... User unknown") is the answer to RCPT TO (Sisimai's Lhost::Yahoo)
            command = SmtpCommand.RCPT;
        }
        return new Facts(report, recipient, kind, action, diagnostic, text, status, reply, phrase, expiry, byStatus,
                command, delayed, gaveUp, extras);
    }

    /** Why this is a success notice, or {@code null} when it is not one. */
    private static String success(Facts f) {
        Action a = f.action();
        if (a == Action.DELIVERED || a == Action.RELAYED || a == Action.EXPANDED) {
            return "Action: " + a.id();
        }
        if (a == null && f.status() != null && f.status().isSuccess()) {
            return statusEvidence(f.status());
        }
        if (a == null && f.kind() == ReportKind.DELIVERED) {
            return "report kind delivered";
        }
        return null;
    }

    /**
     * Provider code, the sending MTA's bounce category, then wording (unless a decisive status overrides it),
     * then status, then reply code.
     */
    private static Decision firstEvidence(Facts f) {
        Cause byProvider = ProviderCodes.causeOf(f.text(), f.extras(), ExtraPhrases.PROVIDER);
        if (byProvider != null) {
            return new Decision(byProvider, "provider code: " + clip(f.text()), false); // outranks wording
        }
        SystemPhrases.Hit bySystem = SystemPhrases.find(f.format(), f.text(), f.extras(), ExtraPhrases.SYSTEM);
        if (bySystem != null && (f.phrase() == null || !f.phrase().cause().ipv6())) {
            return new Decision(bySystem.cause(), bySystem.system() + " text: " + excerpt(f.text(),
                    bySystem.phrase()), false, true);
        }
        Cause byMta = BounceCategoryField.causeOf(f.recipient().extensionFields());
        if (byMta != null) {
            return new Decision(byMta, BounceCategoryField.evidenceOf(f.recipient().extensionFields()), false);
        }
        if (f.phrase() != null) {
            Cause cause = f.phrase().cause();
            String evidence = excerpt(f.text(), f.phrase().pattern());
            if (f.byStatus() != null && f.byStatus() != cause && StatusRules.isDecisive(f.status()) && !cause.ipv6()) {
                return new Decision(f.byStatus(), statusEvidence(f.status()) + "; text: " + evidence, false);
            }
            return new Decision(cause, evidence, true);
        }
        if (f.byStatus() != null && f.byStatus() != EXPIRED_AFTER_RETRIES) {
            return new Decision(f.byStatus(), statusEvidence(f.status()), false);
        }
        if (f.reply() != null && causeOfReply(f.reply()) != null) {
            return new Decision(causeOfReply(f.reply()), "reply code " + f.reply(), false);
        }
        return null;
    }

    /** The SMTP stage changes what the same words mean (see {@link SmtpCommand}). */
    private static Decision refineByStage(Facts f, Decision d) {
        SmtpCommand command = f.command();
        Decision qmail = qmailStage(f, d, command);
        if (qmail != null) {
            return qmail;
        }
        if (d != null && d.fromPhrase()) {
            Cause cause = d.cause();
            if (cause == USER_UNKNOWN && command == SmtpCommand.MAIL) {
                return new Decision(SENDER_REJECTED, d.evidence(), true);
            }
            if (cause == USER_UNKNOWN && command == SmtpCommand.DATA && docomoRefusedSender(f)) {
                return new Decision(SENDER_REJECTED, d.evidence() + " [NTT docomo: refused after DATA]", true);
            }
            if (cause == USER_UNKNOWN && filteredNotUnknown(f, command)) {
                return new Decision(RECIPIENT_FILTERED, d.evidence(), true);
            }
            if (cause == DOMAIN_NOT_FOUND && command == SmtpCommand.MAIL) {
                // "after MAIL FROM: 550 no such domain": the sender's domain
                return new Decision(SENDER_DOMAIN_UNROUTABLE, d.evidence(), true);
            }
            if (cause == DNS_FAILURE && command == SmtpCommand.MAIL) {
                // a DNS failure answered to MAIL FROM is the receiver failing to resolve the sender's domain (the
                // only name that command gives, RFC 5321 §3.3), as Sendmail's "451 4.1.8 Domain of sender address
                // ... does not resolve"
                return new Decision(SENDER_DOMAIN_UNROUTABLE, d.evidence(), true);
            }
            if (cause == NULL_MX && command == SmtpCommand.MAIL) {
                // "after MAIL FROM: 550 5.7.27 Null MX: example.org does not send mail" (Haraka): MAIL FROM carries
                // only the sender's address (RFC 5321 §3.3), so the null MX is the sender domain's (RFC 7505 §4.2)
                return new Decision(SENDER_NULL_MX, d.evidence(), true);
            }
            if (cause == DOMAIN_NOT_FOUND && command == SmtpCommand.RCPT && f.text().contains("unrouteable address")) {
                // Exim's answer when "verify = recipient" finds no router for the address. In Exim's own bounce
                // it is a domain without a route, but as the answer of the domain's MX to RCPT TO (the domain
                // resolved: the sender got there) it is the local part that does not exist
                return new Decision(USER_UNKNOWN, d.evidence() + " [answer to RCPT TO]", true);
            }
        }
        if (d == null && "googlegroups".equals(f.format())) {
            // Google Groups answers only posts it refuses (no such group, or the sender may not post), in the
            // reader's language; the format alone says the sender was refused
            return new Decision(SENDER_REJECTED, "report format googlegroups", false);
        }
        if (d == null && (command == SmtpCommand.HELO || command == SmtpCommand.CONNECT)) {
            // refused before any address was given: the client itself was refused
            return new Decision(CLIENT_BLOCKED, clip(f.text()), false);
        }
        if (d == null && command == SmtpCommand.MAIL && permanent(f)) {
            // a permanent refusal of MAIL FROM in words we do not know: that command carries only the sender's
            // address (RFC 5321 §3.3, §4.1.1.2), so the sender was refused ("550 Sender example.net rejected")
            return new Decision(SENDER_REJECTED, clip(f.text()) + " [answer to MAIL FROM]", false);
        }
        return d;
    }

    /** Whether the text holds an address in angle brackets ("<user@example.org>"). */
    private static boolean namesAnAddress(String text) {
        int open = text.indexOf('<');
        while (open >= 0) {
            int close = text.indexOf('>', open);
            if (close < 0) {
                return false;
            }
            if (text.indexOf('@', open) > open && text.indexOf('@', open) < close) {
                return true;
            }
            open = text.indexOf('<', close);
        }
        return false;
    }

    /** A 5xx reply, or without a reply code a 5.X.X status. */
    private static boolean permanent(Facts f) {
        if (f.reply() != null) {
            return f.reply() / 100 == 5;
        }
        return f.status() != null && f.status().isPermanent();
    }

    /**
     * Whether "user unknown" wording means the recipient side refused the message rather than a missing
     * mailbox. A missing mailbox is refused at RCPT TO (RFC 5321 §3.3) with status X.1.1 (RFC 3463 §3.2); the
     * same words with neither (in answer to DATA, under an X.2.x mailbox-status code, or a remote reply quoted
     * without its stage) are the recipient's filter speaking, which is also how Sisimai decides (its
     * Reason::UserUnknown needs X.1.x or RCPT, Reason::Filtered takes the rest unless the stage was before DATA).
     * Formats whose own wording states the unknown mailbox ({@link #OWN_MAILBOX_VERDICT}) keep it.
     */
    private static boolean filteredNotUnknown(Facts f, SmtpCommand command) {
        if (command != null && command != SmtpCommand.DATA) {
            return false; // RCPT: the mailbox; CONNECT/HELO/MAIL: not about this recipient's content
        }
        if (f.byStatus() == USER_UNKNOWN) {
            return false;
        }
        return command == SmtpCommand.DATA || f.byStatus() == RECIPIENT_FILTERED
                || f.format() == null || !OWN_MAILBOX_VERDICT.contains(f.format());
    }

    /**
     * qmail-remote (and its clones) names the step that failed in fixed words (qmail-remote.c): "Connected to
     * HOST but sender was rejected." is a refusal at MAIL FROM whatever the quoted answer says, "... but my name
     * was rejected." a refusal of the client at HELO. Causes that are about IPv6 keep their own name.
     */
    private static Decision qmailStage(Facts f, Decision d, SmtpCommand command) {
        if (f.format() == null || !QMAIL_FAMILY.contains(f.format()) || d != null && d.cause().ipv6()) {
            return null;
        }
        String evidence = d != null ? d.evidence() : clip(f.text());
        if (command == SmtpCommand.MAIL && f.text().contains("but sender was rejected")) {
            return new Decision(SENDER_REJECTED, "qmail: sender was rejected; " + evidence, false);
        }
        if (command == SmtpCommand.HELO && f.text().contains("but my name was rejected")) {
            return new Decision(CLIENT_BLOCKED, "qmail: my name was rejected; " + evidence, false);
        }
        return null;
    }

    /**
     * NTT docomo's inbound servers (mfsmax.docomo.ne.jp) answer "550 Unknown user" after DATA when the
     * subscriber's reception settings refuse the sender (an unknown mailbox is refused at RCPT TO); with a bare
     * 5.0.0 status that is a refusal of the sender. An X.2.x status keeps the generic filtered reading.
     */
    private static boolean docomoRefusedSender(Facts f) {
        boolean docomo = f.text().contains("mfsmax.docomo.ne.jp") || f.recipient().remoteMta() != null
                && f.recipient().remoteMta().toLowerCase(Locale.ROOT).contains("mfsmax.docomo.ne.jp");
        return docomo && (f.status() == null || "0.0".equals(f.status().subjectDetail()));
    }

    /** No cause yet: the local mailer, a delay, a give-up, or unrecognised / absent text. */
    private static Decision fallback(Facts f, Decision d) {
        if (d != null) {
            return d;
        }
        Diagnostic diagnostic = f.diagnostic();
        String text = f.text();
        if (diagnostic != null && diagnostic.type() != null
                && diagnostic.type().toLowerCase(Locale.ROOT).startsWith("x-unix")) {
            // RFC 3464 §2.3.6 "X-Unix": the local delivery program's exit status
            return new Decision(MAILER_ERROR, "Diagnostic-Code type " + diagnostic.type()
                    + (text.isEmpty() ? "" : ": " + clip(text)), false);
        }
        if (f.delayed()) {
            return new Decision(DELAYED, "Action: delayed", false);
        }
        // A final report whose only sign of a give-up is its temporary status, but whose text says something
        // this table does not know, is not filed as an expiry: the text's reason is unknown, not "too long"
        // (Sisimai: onhold). Expiry wording, an X.4.7 status or no text at all keep the give-up reading.
        if (f.gaveUp() && (f.expiry() != null || f.byStatus() == EXPIRED_AFTER_RETRIES || text.isEmpty())) {
            String evidence = f.expiry() != null ? excerpt(text, f.expiry().pattern())
                    : f.status() != null ? statusEvidence(f.status()) : "reply code " + f.reply();
            return new Decision(EXPIRED_AFTER_RETRIES, evidence, false);
        }
        if (!text.isEmpty()) {
            return new Decision(UNRECOGNIZED, clip(text), false);
        }
        return new Decision(UNKNOWN, f.status() != null ? statusEvidence(f.status()) : "", false);
    }

    /** An IPv6 literal in the failing step makes a connection failure or a missing PTR an IPv6 cause. */
    private static Decision ipv6Upgrade(Facts f, Decision d, String v6) {
        boolean v6Address = v6 != null && !"type=aaaa".equals(v6);
        if (v6Address && (d.cause() == NETWORK_ERROR
                || d.cause() == EXPIRED_AFTER_RETRIES && f.gaveUp() && f.phrase() == null)) {
            return new Decision(IPV6_UNREACHABLE, d.evidence() + " [IPv6: " + v6 + "]", d.fromPhrase());
        }
        if (!v6Address && (d.cause() == NETWORK_ERROR || d.cause() == EXPIRED_AFTER_RETRIES)
                && f.text().contains("address family not supported") && IPV4_LITERAL.matcher(f.text()).find()) {
            // EAFNOSUPPORT connecting to an IPv4 address: the sending host has no IPv4 (an IPv6-only sender) and
            // this MX address is IPv4 only, or the MTA would have reported its IPv6 attempt instead
            return new Decision(MX_NO_AAAA, d.evidence() + " [IPv4-only destination, sender without IPv4]", d.fromPhrase());
        }
        if (v6Address && d.cause() == REVERSE_DNS_MISSING) {
            return new Decision(REVERSE_DNS_MISSING_IPV6, d.evidence() + " [IPv6: " + v6 + "]", d.fromPhrase());
        }
        return d;
    }

    private static String v6Evidence(Facts f) {
        String v6 = Ipv6Evidence.find(f.text());
        if (v6 == null && f.recipient().remoteMta() != null) {
            v6 = Ipv6Evidence.findLiteral(f.recipient().remoteMta().toLowerCase(Locale.ROOT));
        }
        return v6;
    }

    /**
     * A final report whose only reason is the sending MTA's own account of a failed connection or DNS lookup
     * (no reply of a remote server, a bare X.0.0 status): such failures are temporary (RFC 5321 §4.5.4.1), so
     * the report means the sender stopped retrying, whatever class its generic status has. Courier writes its
     * give-up this way ("Status: 5.0.0", "Diagnostic-Code: unknown; Network is unreachable").
     */
    private static boolean ownTransportFailure(RuleBook.Hit phrase, EnhancedStatus status, Integer reply) {
        return phrase != null && OWN_TRANSPORT.contains(phrase.cause()) && reply == null
                && (status == null || status.subject() == 0 && status.detail() == 0);
    }

    /** Category (expired for give-ups and delays at the connection), permanence and the IPv6 flag. */
    private static Classification finish(Facts f, Decision d, String v6) {
        Cause cause = d.cause();
        boolean ipv6 = cause.ipv6() || v6 != null && ADDRESS_SENSITIVE.contains(cause);
        Category category = cause.category();
        String explanation = cause.explanation();
        // explicit "expired / too long in the queue" wording over a temporary system error: the give-up is the news
        // qmail-send appends "I'm not going to try again; this message has been in the queue too long." to the
        // last temporary reason it got: when that reason names a connection failure in its own words, the failed
        // connection is the news (Sisimai files it as networkerror), unlike Exim's bare "retry timeout exceeded"
        boolean qmailNamedTransport = f.phrase() != null && f.text().contains(QMAIL_GIVE_UP);
        if (f.gaveUp() && !d.systemTemplate() && (TRANSPORT.contains(cause) && !qmailNamedTransport
                || f.expiry() != null && cause == SYSTEM_ERROR)) {
            category = Category.EXPIRED;
            if (cause != EXPIRED_AFTER_RETRIES) {
                explanation = "The sending server gave up after retrying. " + explanation;
            }
        } else if (f.delayed() && DELAY_AS_EXPIRED.contains(cause)) {
            category = Category.EXPIRED; // Sisimai files a delay whose only reason is the connection as expired
            explanation = "Delivery is delayed and still being retried. " + explanation;
        }
        return new Classification(category, cause.id(), permanence(f, cause), ipv6, explanation, cause.remedy(),
                d.evidence());
    }

    /**
     * Delays and give-ups are transient; otherwise the status class (but a 5xx answer under a 4.x.x status is the
     * receiver's permanent refusal), the reply class, the cause's default.
     */
    private static Permanence permanence(Facts f, Cause cause) {
        if (f.delayed() || f.gaveUp()) {
            return Permanence.TRANSIENT;
        }
        Integer reply = f.reply();
        boolean permanentReply = reply != null && reply / 100 == 5;
        if (f.status() != null && !(f.status().isTransient() && permanentReply)) {
            return f.status().isTransient() ? Permanence.TRANSIENT : Permanence.PERMANENT;
        }
        if (reply != null && reply >= 400 && reply < 600) {
            return reply < 500 ? Permanence.TRANSIENT : Permanence.PERMANENT;
        }
        return cause.permanence();
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

    /** A verdict that is not a failure. */
    private static Classification verdict(Cause cause, String evidence) {
        return new Classification(cause.category(), cause.id(), Permanence.NONE, false, cause.explanation(),
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
