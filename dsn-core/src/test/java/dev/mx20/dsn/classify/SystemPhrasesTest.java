package dev.mx20.dsn.classify;

import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Classification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Texts that mean what their system documents, and only in that system's reports (own-written samples). */
class SystemPhrasesTest {

    private static Classification classify(String format, Action action, String status, String text) {
        RecipientReport r = new RecipientReport("bob@example.org", null, action, status, null,
                new Diagnostic("smtp", text, null), null, null, null, List.of(), null);
        ReportKind kind = action == null ? ReportKind.BOUNCE : ReportKind.DSN;
        return new Classifier().classify(new BounceReport(kind, format, null, null, null, null, null, null, null,
                List.of(r), null), r);
    }

    @Test
    void sesReceiptRuleTemplateIsTheRecipientsFilter() {
        assertEquals("recipient-filtered", classify("receivingses", Action.FAILED, "5.1.1",
                "550 5.1.1 Mailbox does not exist").cause());
        assertEquals("mailbox-full", classify("receivingses", Action.FAILED, "5.2.2",
                "550 5.2.2 Mailbox full").cause());
        // the same words from any other system are a missing mailbox (X.1.1)
        assertEquals("user-unknown", classify("postfix", Action.FAILED, "5.1.1",
                "550 5.1.1 Mailbox does not exist").cause());
    }

    @Test
    void messageLabsOwnRefusals() {
        assertEquals("user-unknown", classify("messagelabs", Action.FAILED, "5.0.0",
                "Reason: 542 bob@example.org Rejected").cause());
        assertEquals("security-error", classify("messagelabs", Action.FAILED, "5.0.0", "Reason: 550-Please turn on "
                + "SMTP Authentication in your mail client. 550 relay.example.net [192.0.2.9]:25 is not permitted "
                + "to relay through this server without authentication.").cause());
    }

    @Test
    void qmailLdapFailureStaysASystemErrorWhenQmailGivesUp() {
        Classification c = classify("qmail", null, "4.4.3", "Unable to contact LDAP server. (#4.4.3)"
                + "I'm not going to try again; this message has been in the queue too long.");
        assertEquals("system-error", c.cause());
        assertEquals("systemerror", c.category().id());
        // a plain temporary failure that qmail gave up on is still an expiry
        Classification other = classify("qmail", null, "4.3.0", "Resources temporarily unavailable (#4.3.0)"
                + "I'm not going to try again; this message has been in the queue too long.");
        assertEquals("expired", other.category().id());
    }

    @Test
    void mimecastCodesCountOnlyInItsReplies() {
        String text = "host relay.eu.mimecast.com[192.0.2.40] said: 554 Email rejected due to security policies - "
                + "MCSpamSignature.sa.1.2 (in reply to end of DATA command)";
        assertEquals("virus-detected", classify("postfix", Action.FAILED, "5.0.0", text).cause());
        assertNull(SystemPhrases.find("postfix", "554 email rejected due to security policies"),
                "without Mimecast's host the text is not Mimecast's");
    }

    @Test
    void nothingForEmptyOrUnknown() {
        assertNull(SystemPhrases.find(null, null));
        assertNull(SystemPhrases.find("receivingses", ""));
        assertNull(SystemPhrases.find("unknown-format", "mailbox does not exist"));
    }

    @Test
    void dominoRouterTexts() {
        assertEquals("recipient-filtered", classify("domino", Action.FAILED, "5.0.0",
                "Cannot route mail to user (bob@example.org)").cause());
        assertEquals("system-error", classify("domino", Action.FAILED, "5.0.0",
                "Several matches found in Domino Directory (Bob Example)").cause());
        assertEquals("user-unknown", classify("domino", Action.FAILED, "5.0.0",
                "User Bob Example (bob@example.org) not listed in Domino Directory").cause());
    }

    @Test
    void aolRelayResolverVerdictsButIpv6CausesStayIpv6() {
        assertEquals("not-accepting-mail", classify("aol", Action.FAILED, "5.4.4", "Host or domain name not found. "
                + "Name service error for name=example.org type=MX: Malformed or unexpected name server reply")
                .cause());
        assertEquals("domain-not-found", classify("aol", Action.FAILED, "5.4.4", "Host or domain name not found. "
                + "Name service error for name=example.org type=A: Host not found").cause());
        assertEquals("mx-no-aaaa", classify("aol", Action.FAILED, "5.4.4", "Host or domain name not found. Name "
                + "service error for name=mx.example.com type=AAAA: Host found but no data record of requested type")
                .cause());
    }

    @Test
    void yahooPublishedTextsCountInItsReplies() {
        String tss04 = "host mta5.am0.yahoodns.net[192.0.2.70] said: 421 4.7.0 [TSS04] Messages from 192.0.2.1 "
                + "temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see "
                + "https://postmaster.yahooinc.example/error-codes (in reply to MAIL FROM command)";
        Classification c = classify("postfix", Action.DELAYED, "4.7.0", tss04);
        assertEquals("sender-rejected", c.cause());
        assertEquals("mailbox-disabled", classify("postfix", Action.FAILED, "5.0.0", "host mta7.am0.yahoodns.net"
                + "[192.0.2.71] said: 554 30 Sorry, your message to bob@example.org cannot be delivered. This "
                + "mailbox is disabled (554.30). (in reply to end of DATA command)").cause());
        assertNull(SystemPhrases.find("postfix", "421 4.7.0 temporarily deferred due to unexpected volume or user "
                + "complaints"), "without Yahoo's host the text is not Yahoo's");
    }

    @Test
    void tencentAndIcloudTexts() {
        assertEquals("rate-limited", classify("postfix", Action.FAILED, "5.0.0", "host mx1.qq.com[192.0.2.80] "
                + "said: 550 Mailbox unavailable or access denined (in reply to RCPT TO command)").cause());
        assertEquals("blocklisted-ip", classify("postfix", Action.FAILED, "5.0.0", "host mx1.qq.com[192.0.2.80] "
                + "said: 550 Suspected spam ip, please try later").cause());
        assertEquals("rate-limited", classify("postfix", Action.DELAYED, "4.7.1", "host mx01.mail.icloud.com"
                + "[192.0.2.81] said: 421 4.7.1 Messages to bob@icloud.com deferred due to excessive volume.")
                .cause());
    }

    @Test
    void googleErrorListTextsInGoogleReplies() {
        String host = "host aspmx.l.google.com[192.0.2.90] said: ";
        assertEquals("client-blocked", classify("postfix", Action.DELAYED, "4.7.0", host + "421 4.7.0 IP not in "
                + "whitelist for RCPT domain, closing connection. https://support.google.com/a/answer/60752").cause());
        assertEquals("not-rfc-compliant", classify("postfix", Action.FAILED, "5.7.1", host + "550 5.7.1 Messages "
                + "missing a valid Message-ID: header are not accepted.").cause());
        assertEquals("relay-denied", classify("postfix", Action.FAILED, "5.7.1", host + "550 5.7.1 Invalid "
                + "credentials for relay [192.0.2.1].").cause());
        // an IPv6 cause found by the phrase table is not overridden
        assertEquals("reverse-dns-missing-ipv6", classify("postfix", Action.FAILED, "5.7.25", "host "
                + "gmail-smtp-in.l.google.com[2001:db8::1a] said: 550-5.7.25 [2001:db8::25] The IP address sending "
                + "this message does not have a PTR record setup, or the corresponding forward DNS entry does not "
                + "point to the sending IP.").cause());
    }

    @Test
    void exchangeOnlineNdrTextsInItsReplies() {
        String host = "host example-org.mail.protection.outlook.com[192.0.2.7] said: ";
        assertEquals("policy-violation", classify("postfix", Action.FAILED, "5.7.900", host + "550 5.7.900 Delivery "
                + "not authorized, message refused").cause());
        assertEquals("sender-rejected", classify("postfix", Action.FAILED, "5.7.12", host + "550 5.7.12 Sender was "
                + "not authenticated by organization").cause());
        assertEquals("client-blocked", classify("postfix", Action.DELAYED, "4.7.851", host + "451 4.7.851 Access "
                + "denied, please try again later.").cause());
    }

    /**
     * A text naming two hosts of the table is read against the first in table order, in every JVM run (the
     * table was a {@code Map.ofEntries}, whose iteration order is randomised per run).
     */
    @Test
    void hostsAreAskedInTableOrder() {
        Classification c = classify("office365", Action.FAILED, "5.0.0", "smtp; mx.ezweb.ne.jp.au.com server returned "
                + "unknown recipient or mailbox unavailable -> 550 : User unknown");
        assertEquals("recipient-filtered", c.cause());
        org.junit.jupiter.api.Assertions.assertTrue(c.evidence().startsWith("ezweb.ne.jp text: "), c.evidence());
    }
}
