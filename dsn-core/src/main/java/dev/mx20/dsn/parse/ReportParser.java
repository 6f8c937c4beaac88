package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.OriginalMessage;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a message with mime4j into a {@link BounceReport} whose recipients are not yet classified
 * ({@code classification} is {@code null}). Internal to dsn-core: use {@link dev.mx20.dsn.BounceAnalyzer}.
 *
 * <p>Order of decisions (see {@code docs/parsing.md}): feedback report (RFC 5965), machine-readable delivery
 * status (RFC 3464 / RFC 6533, enriched from the text), auto-reply (RFC 3834), text bounce families, and
 * otherwise "not a bounce". Thread-safe: holds only configuration.
 */
public final class ReportParser {
    private final DsnLimits limits;
    private final MimeReader reader;
    private final FormatRegistry registry;

    public ReportParser(DsnLimits limits) {
        this.limits = limits;
        this.reader = new MimeReader(limits);
        this.registry = FormatRegistry.standard();
    }

    /**
     * Parses one message.
     *
     * @param in the raw message; read up to {@link DsnLimits#maxMessageBytes()}, not closed
     * @return the report, recipients unclassified
     * @throws DsnParseException when the stream fails
     */
    public BounceReport parse(InputStream in) throws DsnParseException {
        return report(reader.read(in));
    }

    /**
     * Parses one message held in memory; same result as {@link #parse(InputStream)} on the same bytes, without
     * copying them (the array is only read).
     */
    public BounceReport parse(byte[] message) throws DsnParseException {
        return report(reader.read(message));
    }

    // Package-private for NonLatinTextTest, which feeds it parsed mail with its text changed.
    BounceReport report(ParsedMail mail) {
        List<String> warnings = new ArrayList<>(mail.warnings());
        try {
            return analyse(mail, warnings);
        } catch (RuntimeException e) {
            // A defect in a format reader must not turn one odd message into a failure of the caller:
            // report what the MIME layer saw and say why the rest is missing.
            warnings.add("internal error while reading the report (" + e.getClass().getSimpleName() + ")");
            return new BounceReport(ReportKind.NOT_A_BOUNCE, null, null, null, null, null, null, null,
                    OriginalMessage.UNKNOWN, List.of(), warnings);
        }
    }

    private BounceReport analyse(ParsedMail mail, List<String> warnings) {
        BounceText text = BounceText.of(mail);
        BounceContext ctx = new BounceContext(mail, text);
        OriginalMessage original = OriginalMessageReader.read(mail, text, limits.maxHeaderCount());

        MailPart feedback = mail.firstPart("message/feedback-report");
        if (feedback != null || "feedback-report".equals(mail.reportType())) {
            return FeedbackReportReader.read(mail, feedback, original, limits, warnings);
        }
        if (FeedbackReportReader.isHotmailComplaint(mail)) {
            return FeedbackReportReader.readHotmail(mail, original, warnings);
        }
        BounceReport ses = AmazonSesNotification.read(mail, original, limits, warnings);
        if (ses != null) {
            return ses;
        }

        MailPart status = mail.firstPart("message/delivery-status");
        if (status == null) {
            status = mail.firstPart("message/global-delivery-status");
        }
        if (status != null) {
            BounceReport r = fromDeliveryStatus(status.text(), ctx, original, warnings);
            if (r != null) {
                return r;
            }
            warnings.add("delivery-status part without recipient fields; reading the text instead");
        }
        // RFC 3464 fields pasted into a text part (gateways that rewrap reports, message/partial splits).
        int inline = InlineDeliveryStatus.find(text);
        if (inline >= 0) {
            BounceReport r = fromDeliveryStatus(text.errorRegion().substring(inline), ctx, original, warnings);
            if (r != null) {
                return r;
            }
        }

        if (AutoReplies.isAutoReply(ctx)) {
            return new BounceReport(ReportKind.AUTO_REPLY, "rfc3834", null, null, null, null, null, null,
                    original, autoReplyRecipients(mail), warnings);
        }

        FormatRegistry.Match match = registry.extract(ctx, limits.maxRecipients());
        if (match == null) {
            // A report wrapped inside a returned message (some gateways attach the whole DSN).
            MailPart wrapped = nestedStatus(mail);
            if (wrapped != null) {
                BounceReport r = fromDeliveryStatus(wrapped.text(), ctx, original, warnings);
                if (r != null) {
                    warnings.add("delivery status read from inside an attached message");
                    return r;
                }
            }
        }
        if (match != null) {
            List<RecipientDraft> recipients = match.recipients();
            return new BounceReport(textKind(recipients, ctx), match.format(), match.reportingMta(), null, null,
                    null, null, null, original, toReports(recipients), warnings);
        }
        return new BounceReport(ReportKind.NOT_A_BOUNCE, null, null, null, null, null, null, null, original,
                List.of(), warnings);
    }

    /**
     * A report from delivery-status text, enriched from the human-readable text by the detected family;
     * {@code null} when the text holds no recipient fields.
     */
    private BounceReport fromDeliveryStatus(String body, BounceContext ctx, OriginalMessage original,
                                            List<String> warnings) {
        DeliveryStatusParser.Result ds = DeliveryStatusParser.parse(body, limits.maxRecipients(),
                limits.maxHeaderCount());
        if (ds.recipients().isEmpty()) {
            return null;
        }
        BounceFormat family = registry.detect(ctx);
        List<RecipientDraft> recipients = ds.recipients();
        Enricher.enrich(recipients, family != null ? family.extract(ctx) : GenericText.extractAll(ctx));
        if (family != null && OpenSmtpdExpiry.FAMILY.equals(family.name())) {
            OpenSmtpdExpiry.apply(recipients);
        }
        DeliveryStatusParser.MessageFields m = ds.message();
        return new BounceReport(kindOf(recipients), family == null ? "rfc3464" : family.name(),
                m.reportingMta, m.dsnGateway, m.receivedFromMta, m.arrivalDate, m.originalEnvelopeId,
                m.extensionFields, original, toReports(recipients), warnings);
    }

    private static MailPart nestedStatus(ParsedMail mail) {
        for (MailPart p : mail.parts()) {
            if (p.insideAttachedMessage() && (p.is("message/delivery-status")
                    || p.is("message/global-delivery-status"))) {
                return p;
            }
        }
        return null;
    }

    /** An auto-reply reports on the person who answered: the From address, for correlation. */
    private static List<RecipientReport> autoReplyRecipients(ParsedMail mail) {
        String from = Addresses.find(mail.decodedHeader("From"));
        if (from == null) {
            return List.of();
        }
        RecipientDraft d = new RecipientDraft(from);
        return List.of(d.toReport());
    }

    /**
     * RFC 3464 §2.3.3: one failed recipient makes the report a failure report; otherwise a delay notice
     * if any recipient is delayed, otherwise a success notice. A recipient without Action counts by its status
     * class (5 and 4 fail, 2 succeeds), as Sisimai does.
     */
    static ReportKind kindOf(List<RecipientDraft> recipients) {
        boolean delayed = false;
        boolean success = false;
        for (RecipientDraft r : recipients) {
            Action a = r.action;
            if (a == Action.FAILED) {
                return ReportKind.DSN;
            }
            if (a == Action.DELAYED) {
                delayed = true;
            } else if (a == Action.DELIVERED || a == Action.RELAYED || a == Action.EXPANDED) {
                success = true;
            } else {
                int c = StatusCodes.statusClass(r.status);
                if (c == 5 || c == 4 || c == 0) {
                    return ReportKind.DSN;
                }
                success = true;
            }
        }
        if (delayed) {
            return ReportKind.DELAY;
        }
        return success ? ReportKind.DELIVERED : ReportKind.DSN;
    }

    /** A text bounce is a failure unless it says delivery is still being retried and carries no 5xx. */
    private static ReportKind textKind(List<RecipientDraft> recipients, BounceContext ctx) {
        boolean anyPermanent = false;
        for (RecipientDraft r : recipients) {
            if (r.action == Action.FAILED || StatusCodes.statusClass(r.status) == 5
                    || r.replyCode != null && r.replyCode >= 500) {
                anyPermanent = true;
            }
        }
        // "Delivery Status Notification (Delay)": Google's and Microsoft's subject for a delay notice
        // Exim's freeze_tell notice lists addresses that "have yet to be delivered": the message is held, not failed
        if (!anyPermanent && (ctx.subject.contains("delayed") || ctx.subject.contains("delay notification")
                || ctx.subject.startsWith("warning:") || ctx.subject.endsWith("(delay)")
                || EximFormat.isFrozenNotice(ctx))) {
            return ReportKind.DELAY;
        }
        return ReportKind.BOUNCE;
    }

    private static List<RecipientReport> toReports(List<RecipientDraft> drafts) {
        SmtpCommand.annotate(drafts);
        List<RecipientReport> out = new ArrayList<>(drafts.size());
        for (RecipientDraft d : drafts) {
            out.add(d.toReport());
        }
        return out;
    }
}
