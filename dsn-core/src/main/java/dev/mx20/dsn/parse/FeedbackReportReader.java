package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Field;
import dev.mx20.dsn.model.OriginalMessage;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an Abuse Reporting Format report (RFC 5965): {@code multipart/report; report-type=feedback-report} with a
 * {@code message/feedback-report} part. The recipients are the {@code Original-Rcpt-To} fields (RFC 5965
 * §3.2), else {@code Removal-Recipient} (RFC 6650 era providers), else the {@code To} of the returned message;
 * each with action {@code null}: nothing failed, the recipient complained.
 */
final class FeedbackReportReader {
    private FeedbackReportReader() {
    }

    static BounceReport read(ParsedMail mail, MailPart part, OriginalMessage original, DsnLimits limits,
                             List<String> warnings) {
        List<Field> fields = part == null ? List.of() : Headers.parseBlock(part.text(), false, limits.maxHeaderCount());
        Set<String> addresses = new LinkedHashSet<>();
        for (String v : Headers.all(fields, "Original-Rcpt-To")) {
            add(addresses, v, limits);
        }
        if (addresses.isEmpty()) {
            for (String v : Headers.all(fields, "Removal-Recipient")) {
                add(addresses, v, limits);
            }
        }
        if (addresses.isEmpty() && original.to() != null) {
            addAll(addresses, original.to(), limits);
        }
        List<RecipientReport> recipients = new ArrayList<>(addresses.size());
        if (addresses.isEmpty()) {
            // The complaint still concerns one (undisclosed) recipient: report it without an address.
            warnings.add("feedback report names no recipient");
            recipients.add(new RecipientReport(null, null, null, null, null, null, null, null, null, List.of(), null));
        }
        for (String a : addresses) {
            recipients.add(new RecipientReport(a, null, null, null, null, null, null, null, null, List.of(), null));
        }
        List<Field> extension = new ArrayList<>();
        String reportingMta = null;
        String arrival = null;
        for (Field f : fields) {
            String n = f.name();
            if (n.equalsIgnoreCase("Reporting-MTA")) {
                reportingMta = Headers.typedValue(f.value());
            } else if (n.equalsIgnoreCase("Arrival-Date") || n.equalsIgnoreCase("Received-Date")) {
                arrival = f.value();
            } else if (!n.equalsIgnoreCase("Original-Rcpt-To")) {
                extension.add(f);
            }
        }
        return new BounceReport(ReportKind.FEEDBACK_REPORT, "arf", reportingMta, null, null, arrival, null,
                extension, original, recipients, warnings);
    }

    /**
     * Outlook.com / Hotmail's older Junk Mail Reporting Program sends complaints as a plain message with the
     * reported message attached; the complainant is in the attached header {@code X-HmXmrOriginalRecipient}.
     */
    static boolean isHotmailComplaint(ParsedMail mail) {
        return Headers.first(mail.attachedHeaders(), "X-HmXmrOriginalRecipient") != null;
    }

    static BounceReport readHotmail(ParsedMail mail, OriginalMessage original, List<String> warnings) {
        String a = Addresses.clean(Headers.first(mail.attachedHeaders(), "X-HmXmrOriginalRecipient"));
        List<RecipientReport> recipients = List.of(
                new RecipientReport(a, null, null, null, null, null, null, null, null, List.of(), null));
        return new BounceReport(ReportKind.FEEDBACK_REPORT, "arf", null, null, null, null, null, null, original,
                recipients, warnings);
    }

    private static void add(Set<String> out, String value, DsnLimits limits) {
        String a = Addresses.clean(value);
        if (a != null && a.indexOf('@') > 0 && out.size() < limits.maxRecipients()) {
            out.add(a);
        }
    }

    private static void addAll(Set<String> out, String header, DsnLimits limits) {
        int pos = 0;
        int[] span;
        while ((span = Addresses.findSpan(header, pos)) != null && out.size() < limits.maxRecipients()) {
            out.add(header.substring(span[0], span[1]));
            pos = span[1];
        }
    }
}
