package dev.mx20.dsn.parse;

import java.util.List;

import static dev.mx20.dsn.parse.MarkerFamily.fromContains;
import static dev.mx20.dsn.parse.MarkerFamily.header;
import static dev.mx20.dsn.parse.MarkerFamily.headerContains;
import static dev.mx20.dsn.parse.MarkerFamily.subjectStarts;
import static dev.mx20.dsn.parse.MarkerFamily.text;

/**
 * Providers, commercial MTAs and mail filters recognised by the marker their software writes. They come
 * before the open-source MTA families because many run on one (mail.ru and GMX on Exim, Zoho on Postfix) yet
 * have a name of their own. Each entry names what it keys on; none is keyed to a sample file.
 */
final class ProviderFamilies {
    private ProviderFamilies() {
    }

    /** Outlook.com / Hotmail, Microsoft's consumer mail, which sends NDRs from its own postmaster. */
    private static final Marker OUTLOOK_COM = fromContains("hotmail")
            .or(fromContains("outlook.com")).or(fromContains("@live.com"));

    static List<BounceFormat> all() {
        return List.of(
                // Microsoft: Office 365 marks its NDRs with an Exchange header; on-premises Exchange writes
                // the "Delivery has failed to these recipients" template (2007+) or "did not reach" (2003).
                // Both write the human part in the organisation's language: besides the English sentences, the
                // header, Exchange Online's host names, the system mailbox, translated headings and the
                // administrators' section ("address" line, then "#550 5.1.1 ... ##") decide (MicrosoftNdr).
                new MicrosoftNdr("office365", header("X-MS-Exchange-Message-Is-Ndr")
                        .or(text("office 365")).and(text("delivery has failed to these recipients")
                                .or(text("your message to")).or(text("couldn't be delivered")))
                        .or(header("X-MS-Exchange-Message-Is-Ndr").or(fromContains(MicrosoftNdr.SYSTEM_MAILBOX))
                                .and(MicrosoftNdr::hostedByMicrosoft)
                                .and(c -> !OUTLOOK_COM.test(c)))),
                new MarkerFamily("outlook", OUTLOOK_COM),
                new MicrosoftNdr("exchange2007", text("delivery has failed to these recipients")
                        .or(text("diagnostic information for administrators"))
                        .or(MicrosoftNdr.EXCHANGE_STRUCTURE),
                        "delivery has failed to these recipients"),
                new Exchange2003Format(text("did not reach the following recipient")
                        .or(headerContains("X-MimeOLE", "produced by microsoft exchange"))
                        .or(headerContains("X-Mailer", "microsoft exchange"))
                        .or(header("X-MS-Embedded-Report")).or(headerContains("X-Mailer", "internet mail service ("))),
                // Google: mailer-daemon@googlemail.com, "Delivery to the following recipient failed" (old)
                // or "** Address not found **" (current).
                new MarkerFamily("gmail", fromContains("mailer-daemon@googlemail.com")
                        .or(fromContains("mailer-daemon@gmail.com"))),
                new MarkerFamily("yahoo", header("X-Yahoo-Newman-Property")
                        .or(text("sorry, we were unable to deliver your message to the following address"))),
                new MarkerFamily("aol", header("X-AOL-IP").or(header("X-AOL-VSS-INFO")).or(fromContains("@aol.com"))),
                new MarkerFamily("amazonworkmail", headerContains("X-Mailer", "amazon workmail")),
                new MarkerFamily("receivingses", header("X-SES-Outgoing").and(c -> c.from.contains("postmaster")
                        || c.text.lower().contains("inbound-smtp"))),
                // Amazon SES's own bounce by mail (Sisimai: AmazonSES), sent from email-bounces.amazonses.com with
                // SES's outgoing headers; the JSON notifications are read before any family (AmazonSesNotification)
                new MarkerFamily("amazonses", header("X-SES-Outgoing").or(header("X-AWS-Outgoing"))
                        .or(fromContains("@email-bounces.amazonses.com"))),
                new MarkerFamily("mailru", fromContains("mail.ru")),
                new MarkerFamily("yandex", fromContains("yandex")),
                new MarkerFamily("gmx", header("X-GMX-Antispam").or(fromContains("gmx."))),
                new MarkerFamily("einsundeins", header("X-UI-Out-Filterresults").or(fromContains("kundenserver"))),
                new MarkerFamily("facebook", fromContains("facebook.com")),
                new MarkerFamily("messagelabs", fromContains("messagelabs.com")),
                new MimecastFormat(),
                // T-Online (Deutsche Telekom) runs a fork of Smail 3, whose notify.c frames the failed addresses
                // with "|---...--- Failed addresses follow: ---...---|" banners (Sisimai: DeutscheTelekom)
                new MarkerFamily("deutschetelekom", text("|------------------------- failed addresses follow:"),
                        "failed addresses follow:"),
                // Filters and gateways.
                new MarkerFamily("barracuda", subjectStarts("**message you sent blocked").or(text("barracuda"))),
                // MX Logic (McAfee SaaS) writes Exim's template but stamps its own X-MX-Bounce / X-MXL-* headers.
                new MarkerFamily("mxlogic", header("X-MX-Bounce").or(header("X-MXL-Hash"))
                        .or(header("X-MXL-NoteHash")), "the following address(es) failed:"),
                // McAfee Email Gateway marks its notices "X-NAI-Header: Modified by McAfee ..." and titles them
                // "Delivery Status"; the text line alone is also written by other software
                new MarkerFamily("mcafee", header("X-NAI-Header").or(subjectStarts("delivery status")
                        .and(text("--- the following addresses had delivery problems ---"))),
                        "--- the following addresses had delivery problems ---"),
                new MarkerFamily("amavis", fromContains("content-filter at")
                        .or(text("this nondelivery report was generated by the program amavisd-new"))),
                new MarkerFamily("surfcontrol", headerContains("X-Mailer", "surfcontrol")),
                // Trend Micro InterScan MSS; its Japanese subjects too (Sisimai: InterScanMSS)
                new MarkerFamily("interscanmss", fromContains("interscan")
                        .or(Marker.subjectEquals("mail could not be delivered"))
                        .or(Marker.subjectEquals("メッセージを配信できません。"))
                        .or(Marker.subjectEquals("メール配信に失敗しました"))),
                new MarkerFamily("mailfoundry", subjectStarts("message delivery has failed")
                        .and(text("delivery failed for the following reason"))),
                new MailMarshalFormat(),
                new MarkerFamily("activehunter", subjectStarts("failure notice :").or(header("X-AHMailID"))),
                // MTAs and servers with their own templates.
                new MarkerFamily("courier", text("this is a delivery status notification from")
                        .or(text("courier mail server")).or(subjectStarts("notice: mail delivery status"))),
                new MarkerFamily("opensmtpd", text("this is the mailer-daemon, please do not reply")
                        .or(subjectStarts("delivery status notification: "))),
                new MarkerFamily("domino", subjectStarts("delivery failure:").or(text("was not delivered to:"))),
                new NotesFormat(),
                new MessagingServerFormat(),
                new MarkerFamily("imailserver", headerContains("X-Mailer", "<smtp32 v").or(
                        subjectStarts("undeliverable mail").and(text("original message follows.")))),
                new DragonflyFormat(),
                new MarkerFamily("powermta", text("this is the mail server on")
                        .and(text("delivery status of a"))),
                new MarkerFamily("x6", text("we had trouble delivering your message")),
                new MarkerFamily("x3", text("this is an automatically generated delivery status notification")),
                // qmail clones (Sisimai: X4) with their own opening sentence; "Permanent Delivery Failure" is
                // their subject where it is not qmail's "failure notice"
                new MarkerFamily("x4", text("your mail message to the following address(es) could not be delivered")
                        .or(subjectStarts("permanent delivery failure"))),
                // "Unknown MTA #2" (Sisimai: X2; Yahoo! JAPAN's): "Unable to deliver message to the following
                // address(es)." then "<addr>:" lines, each followed by its reason; recognised by that sentence with
                // its subjects ("Delivery failure", "failure delivery", "failed delivery") or a MAILER-DAEMON
                // sender. After X4, whose clones may write the same sentence under their own subject. The generic
                // reader reads its lines.
                new MarkerFamily("x2", text("unable to deliver message to the following address").and(
                        subjectStarts("delivery failure").or(subjectStarts("failure delivery"))
                                .or(subjectStarts("failed delivery")).or(fromContains("mailer-daemon@"))),
                        "unable to deliver message to the following address"));
    }
}
