package dev.mx20.dsn.parse;

import java.util.List;

import static dev.mx20.dsn.parse.MarkerFamily.subjectStarts;
import static dev.mx20.dsn.parse.MarkerFamily.text;

/**
 * Trustwave Secure Email Gateway, formerly MailMarshal SMTP (Sisimai: MailMarshalSMTP): subject
 * {@code Undeliverable Mail: "subject"}; "Your message:" with the original's From and Subject, "Could not be
 * delivered because of", the remote answer, then "The following recipients were affected:" and the addresses,
 * indented. The answer is each recipient's diagnostic; the template around it is not.
 */
final class MailMarshalFormat extends MarkerFamily {
    private static final String BECAUSE = "could not be delivered because of";
    private static final String AFFECTED = "the following recipients were affected:";

    MailMarshalFormat() {
        super("mailmarshalsmtp", subjectStarts("undeliverable mail: \"").or(text("mailmarshal")));
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        List<RecipientDraft> found = super.extract(ctx);
        String region = ctx.text.errorRegion();
        String lower = ctx.text.lowerRegion();
        int because = lower.indexOf(BECAUSE);
        int affected = because < 0 ? -1 : lower.indexOf(AFFECTED, because);
        if (affected < 0) {
            return found;
        }
        String reason = GenericText.joinLines(region.substring(because + BECAUSE.length(), affected), 0);
        if (reason.isEmpty()) {
            return found;
        }
        for (RecipientDraft r : found) {
            r.diagnosticText = reason;
            r.diagnosticType = "smtp";
            r.status = null;
            r.replyCode = null;
            GenericText.completeFromText(r);
        }
        return found;
    }
}
