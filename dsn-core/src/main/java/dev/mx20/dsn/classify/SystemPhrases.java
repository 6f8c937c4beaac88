package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;

import java.util.List;
import java.util.Map;

import static dev.mx20.dsn.taxonomy.Cause.*;

/**
 * Fixed texts whose meaning depends on the system that wrote them, so they count only in reports of that system:
 * <ul>
 *   <li>Amazon SES receiving: a receipt rule's "Bounce" action answers with a template the domain owner picked
 *       ("Mailbox does not exist", "Mailbox full", "Message too large", "Message content rejected"); it is the
 *       recipient side's rule refusing the message, not a mailbox lookup, so "does not exist" is a filter;</li>
 *   <li>Symantec MessageLabs: {@code 542 <address> Rejected} is its refusal of an unknown recipient, and
 *       "Please turn on SMTP Authentication in your mail client" asks for authentication before relaying;</li>
 *   <li>Google ("Your message wasn't delivered to ... because the address couldn't be found") and Outlook.com
 *       ("Requested action not taken: mailbox unavailable") answering for mailboxes they host, and InterScan
 *       MSS's own notice ("Unable to deliver message to ... Please check if address is correct"): user-unknown
 *       whatever stage or status the notice shows;</li>
 *   <li>Lotus Domino: "Cannot route mail to user" is its router refusing by the recipient's configuration
 *       (filtered), "Several matches found in Domino Directory" an ambiguous directory (system error); Notes:
 *       "Message has exceeded maximum hop count" a loop;</li>
 *   <li>AOL's outbound relay: "type=MX: Malformed or unexpected name server reply" for the recipient domain
 *       means its MX cannot be used (not accepting mail), "Host or domain name not found" an unknown domain;</li>
 *   <li>qmail-ldap: its LDAP lookup failures ("Unable to contact LDAP server", "Temporary failure in LDAP
 *       lookup", ...) are the receiving system's own fault, and stay so when qmail-send gives up on them;</li>
 *   <li>Google (replies naming {@code google.com}): the texts of its SMTP error message list whose meaning the
 *       words alone do not carry ("IP not in whitelist for RCPT domain" refuses the client, "Messages missing a
 *       valid Message-ID: header are not accepted" is RFC 5322 non-compliance, not a policy);</li>
 *   <li>Microsoft Exchange Online (replies naming {@code outlook.com}): its NDR texts whose meaning the words
 *       alone do not carry ("Delivery not authorized" refuses the sender, with ", message refused" it is a mail
 *       flow rule, i.e. policy);</li>
 *   <li>Yahoo (replies from {@code *.yahoodns.net}): the texts of its SMTP error code page, e.g. "[TSS04] ...
 *       temporarily deferred due to unexpected volume or user complaints", a deferral of the sender;</li>
 *   <li>Tencent QQ Mail (replies from {@code *.qq.com}): the texts of its sender help pages ("Mailbox
 *       unavailable or access denined" is its rate limit, "Suspected spam ip" a block of the sending IP);
 *       Apple iCloud: "deferred due to excessive volume" is a rate limit;</li>
 *   <li>Mimecast (replies from {@code *.mimecast.com}): the texts of its published SMTP error code list, e.g.
 *       "Email rejected due to security policies", which Mimecast documents as a virus signature or a spam
 *       score over the maximum.</li>
 * </ul>
 * These outrank the general phrase table (a system's own template means what its documentation says), except
 * where the phrase table finds an IPv6 cause (an AAAA lookup or an IPv6 literal is the more specific news).
 */
final class SystemPhrases {
    private SystemPhrases() {
    }

    /** Texts (normalised, lower case) per report format (Map.of: at most ten formats; use ofEntries beyond). */
    private static final Map<String, List<Map.Entry<String, Cause>>> BY_FORMAT = Map.of(
            "receivingses", List.of(
                    Map.entry("mailbox does not exist", RECIPIENT_FILTERED),
                    Map.entry("mailbox full", MAILBOX_FULL),
                    Map.entry("message too large", MESSAGE_TOO_LARGE),
                    Map.entry("message content rejected", CONTENT_ERROR)),
            "qmail", List.of(
                    Map.entry("unable to contact ldap server", SYSTEM_ERROR),
                    Map.entry("temporary failure in ldap lookup", SYSTEM_ERROR),
                    Map.entry("timeout while performing search on ldap server", SYSTEM_ERROR),
                    Map.entry("unable to login into ldap server", SYSTEM_ERROR),
                    Map.entry("illegal value in ldap attribute", SYSTEM_ERROR),
                    Map.entry("ldap attribute is not given but mandatory", SYSTEM_ERROR),
                    Map.entry("too many results returned but needs to be unique", SYSTEM_ERROR),
                    Map.entry("automatic homedir creator crashed", SYSTEM_ERROR),
                    Map.entry("error in automatic homedir creation", SYSTEM_ERROR),
                    Map.entry("error while executing qmail-forward", SYSTEM_ERROR),
                    // qmail-local running a .qmail program whose interpreter is missing
                    Map.entry("bad interpreter: no such file or directory", SYSTEM_ERROR)),
            // Google's own verdict on an address it hosts; Outlook.com's for its mailboxes (Hotmail DSNs)
            "gmail", List.of(
                    Map.entry("because the address couldn't be found", USER_UNKNOWN),
                    // Gmail's NODATA answer for the recipient domain (neither MX nor address): no mail host
                    Map.entry("dns error: dns server returned answer with no data", DOMAIN_NOT_FOUND)),
            // AOL's outbound relay (X-AOL-IP): its resolver's verdicts on the recipient domain
            "aol", List.of(
                    Map.entry("type=mx: malformed or unexpected name server reply", NOT_ACCEPTING_MAIL),
                    Map.entry("host or domain name not found", DOMAIN_NOT_FOUND)),
            // Lotus Domino / Notes: routing failures in the server's own words
            "domino", List.of(
                    Map.entry("cannot route mail to user", RECIPIENT_FILTERED),
                    Map.entry("several matches found in domino directory", SYSTEM_ERROR)),
            "notes", List.of(
                    Map.entry("message has exceeded maximum hop count", MAIL_LOOP)),
            "interscanmss", List.of(
                    Map.entry("please check if address is correct", USER_UNKNOWN),
                    // Trend Vision One (Sisimai: TrendMicro) names the recipient only: "Unable to deliver message to
                    // <addr> (and other recipients in the same domain)."
                    Map.entry("unable to deliver message to <", USER_UNKNOWN)),
            "outlook", List.of(
                    Map.entry("requested action not taken: mailbox unavailable", USER_UNKNOWN),
                    Map.entry("because the domain is not reachable", DOMAIN_NOT_FOUND)),
            "messagelabs", List.of(
                    Map.entry("please turn on smtp authentication in your mail client", SECURITY_ERROR),
                    Map.entry("542 ", USER_UNKNOWN),
                    Map.entry("no such user", USER_UNKNOWN)));

    /**
     * Remote hosts (as they appear in the text) and their published reply texts, asked in this order (a text can
     * name two hosts: KDDI's ezweb.ne.jp relays au.com). A list in table order, not a {@code Map.ofEntries}, whose
     * iteration order changes from one JVM run to the next: the evidence named one host or the other.
     */
    private static final List<Map.Entry<String, List<Map.Entry<String, Cause>>>> BY_REMOTE_HOST = inTableOrder(
            // Yahoo's MX hosts (*.yahoodns.net), texts of its "SMTP error codes" page; TSS04 is a deferral of
            // the sending IP that Yahoo does not split by cause, filed (as Sisimai does) as a refusal of the sender
            // Google (gmail-smtp-in.l.google.com, aspmx.l.google.com; its replies link support.google.com):
            // texts of "SMTP error messages" (support.google.com/a/answer/3726730) whose wording alone the
            // phrase table would misfile
            Map.entry("google.com", List.of(
                    Map.entry("senders to authenticate their email with dkim", DKIM_FAIL),
                    Map.entry("ip not in whitelist for rcpt domain", CLIENT_BLOCKED),
                    Map.entry("try again later, closing connection", CLIENT_BLOCKED),
                    Map.entry("helo/ehlo argument is invalid", CLIENT_BLOCKED),
                    Map.entry("empty helo/ehlo argument not allowed", CLIENT_BLOCKED),
                    Map.entry("an unusual rate of unsolicited mail", CLIENT_BLOCKED),
                    Map.entry("an unusual rate of mail", CLIENT_BLOCKED),
                    Map.entry("invalid credentials for relay", RELAY_DENIED),
                    Map.entry("mail relay denied", RELAY_DENIED),
                    Map.entry("is not authorized to send email directly to our servers", RELAY_DENIED),
                    Map.entry("missing a valid address in the from: header", NOT_RFC_COMPLIANT),
                    Map.entry("multiple addresses in from: header are not accepted", NOT_RFC_COMPLIANT),
                    Map.entry("is not rfc 5322 compliant", NOT_RFC_COMPLIANT),
                    Map.entry("missing a valid message-id: header", NOT_RFC_COMPLIANT),
                    Map.entry("contains a unicode character in a disallowed header", NOT_RFC_COMPLIANT),
                    Map.entry("encoded-word syntax is not permitted", NOT_RFC_COMPLIANT),
                    Map.entry("is not a valid rfc 5321 address", NOT_RFC_COMPLIANT),
                    Map.entry("mail message is malformed", NOT_RFC_COMPLIANT),
                    Map.entry("you are sending to (or from) has a policy that prohibited", POLICY_VIOLATION),
                    Map.entry("sending messages with the same message-id", POLICY_VIOLATION),
                    Map.entry("mail sending denied", SENDER_REJECTED),
                    Map.entry("unauthenticated email is not accepted", SENDER_REJECTED),
                    Map.entry("due to the nature of the content or the links within", SPAM_CONTENT),
                    Map.entry("mail server temporarily rejected message", SYSTEM_ERROR),
                    Map.entry("mail server has temporarily rejected this message", SYSTEM_ERROR),
                    Map.entry("temporary system problem", SYSTEM_ERROR),
                    Map.entry("multiple destination domains per transaction is unsupported", SYSTEM_ERROR),
                    Map.entry("domain policy size per transaction exceeded", SYSTEM_ERROR))),
            // Microsoft Exchange Online (*.protection.outlook.com, *.prod.outlook.com): texts of "Non-delivery
            // reports in Exchange Online" whose wording alone the phrase table would misfile
            Map.entry("outlook.com", List.of(
                    Map.entry("access denied, please try again later", CLIENT_BLOCKED),
                    Map.entry("access denied, rejected by recipient", CLIENT_BLOCKED),
                    Map.entry("server busy. please try again later from", CLIENT_BLOCKED), // 4.7.500-699
                    Map.entry("access denied, banned recipient", RECIPIENT_FILTERED),    // 5.7.505
                    Map.entry("delivery not authorized, message refused", POLICY_VIOLATION),
                    Map.entry("sender was not authenticated", SENDER_REJECTED),
                    Map.entry("sender not authenticated for group", SENDER_REJECTED),
                    Map.entry("sender not in allowed-senders list", SENDER_REJECTED),
                    Map.entry("delivery not authorized", SENDER_REJECTED),
                    Map.entry("access denied, spam abuse detected", SENDER_REJECTED),
                    Map.entry("client blocked from sending from unregistered domains", SENDER_REJECTED),
                    Map.entry("unknown sender address", SENDER_REJECTED),
                    Map.entry("smtpsend.dns.nonexistentdomain", DNS_FAILURE),
                    Map.entry("barelinefeedsareillegal", CONTENT_ERROR))),
            // Tencent (QQ Mail, *.qq.com), texts of its sender help pages (service.mail.qq.com/detail/122)
            Map.entry(".qq.com", List.of(
                    Map.entry("suspected bounce attacks", CLIENT_BLOCKED),
                    Map.entry("suspected spam ip", BLOCKLISTED_IP),
                    Map.entry("connection denied", CLIENT_BLOCKED),
                    Map.entry("mail is rejected by recipients", SENDER_REJECTED),
                    Map.entry("suspected spam", SENDER_REJECTED),
                    Map.entry("spam is embedded in the email", SPAM_CONTENT),
                    Map.entry("mail content denied", SPAM_CONTENT),
                    Map.entry("mailbox unavailable or access denined", RATE_LIMITED), // sic, QQ's spelling
                    Map.entry("is a deactivated mailbox", MAILBOX_DISABLED),
                    Map.entry("bad address syntax", SYNTAX_ERROR),
                    Map.entry("frequency limited", RATE_LIMITED),
                    Map.entry("mailbox not found", USER_UNKNOWN))),
            // Apple iCloud Mail (mx*.mail.icloud.com): its deferral for volume
            Map.entry("icloud.com", List.of(
                    Map.entry("deferred due to excessive volume", RATE_LIMITED))),
            Map.entry("yahoodns.net", List.of(
                    Map.entry("temporarily deferred due to unexpected volume or user complaints", SENDER_REJECTED),
                    Map.entry(" will be permanently deferred", SENDER_REJECTED),
                    Map.entry("due to unresolvable rfc.5321", SENDER_DOMAIN_UNROUTABLE),
                    Map.entry("requires all senders to authenticate with either spf or dkim", AUTH_FAILED),
                    Map.entry("user is receiving mail too quickly", RATE_LIMITED),
                    Map.entry("max message per connection reached", RATE_LIMITED),
                    Map.entry("this mailbox is disabled", MAILBOX_DISABLED),
                    Map.entry(" is no longer valid.", MAILBOX_DISABLED),
                    Map.entry("mailbox not found", USER_UNKNOWN),
                    Map.entry("not accepted for policy reasons", POLICY_VIOLATION),
                    Map.entry("headers are not rfc compliant", NOT_RFC_COMPLIANT))),
            Map.entry("mimecast.com", List.of(
                    Map.entry("email rejected due to security policies", VIRUS_DETECTED),
                    Map.entry("local ct ip reputation", BAD_REPUTATION),
                    Map.entry("spf sender invalid", SPF_FAIL),
                    Map.entry("dkim sender invalid", DKIM_FAIL),
                    Map.entry("dmarc sender invalid", DMARC_REJECT),
                    Map.entry("anti-spoofing policy", POLICY_VIOLATION),
                    Map.entry("content examination policy", POLICY_VIOLATION),
                    Map.entry("maximum email size exceeded", MESSAGE_TOO_LARGE),
                    Map.entry("mail loop detected", MAIL_LOOP),
                    Map.entry("open relay not allowed", RELAY_DENIED),
                    Map.entry("internal resources are temporarily unavailable", BAD_REPUTATION),
                    Map.entry("sender address blocked", CLIENT_BLOCKED),
                    Map.entry("ip temporarily blacklisted", BLOCKLISTED_IP),
                    Map.entry("recipient temporarily unavailable", CLIENT_BLOCKED),
                    Map.entry("account inbounds disabled", NOT_ACCEPTING_MAIL),
                    Map.entry("host network not allowed", POLICY_VIOLATION),
                    Map.entry("envelope blocked", SENDER_REJECTED),
                    Map.entry("block policy for envelope from", SENDER_REJECTED),
                    Map.entry("manually blocked senders", SENDER_REJECTED),
                    Map.entry("blocked senders - block policy for header from", SENDER_REJECTED),
                    Map.entry("incorrect authentication data", SECURITY_ERROR),
                    Map.entry("this route requires", SECURITY_ERROR),
                    Map.entry("configuration is invalid for this certificate", SECURITY_ERROR),
                    Map.entry("unable to process connection at this time", SYSTEM_ERROR),
                    Map.entry("message ended early", SYSTEM_ERROR),
                    Map.entry("unable to process command", SYSTEM_ERROR),
                    Map.entry("unable to process an email at this time", SYSTEM_ERROR),
                    Map.entry("account service is temporarily unavailable", RATE_LIMITED),
                    Map.entry("exceeding outbound thread limit", RATE_LIMITED))),
            // Cox (*.cox.net), texts of its "email error codes" page for replies without an AUP# code
            Map.entry("cox.net", List.of(
                    Map.entry("too many bad commands from", CLIENT_BLOCKED),
                    Map.entry("too many invalid recipients", CLIENT_BLOCKED),
                    Map.entry("dns check failure - try again later", REVERSE_DNS_MISSING),
                    Map.entry("rejected - no rdns", REVERSE_DNS_MISSING),
                    Map.entry("esmtp no data before greeting", POLICY_VIOLATION),
                    Map.entry("attachment extension is forbidden", POLICY_VIOLATION),
                    Map.entry("esmtp server temporarily not available", SYSTEM_ERROR),
                    Map.entry("too many sessions from", RATE_LIMITED),
                    Map.entry("requested action aborted: try again later", RATE_LIMITED),
                    Map.entry("message threshold exceeded", RATE_LIMITED),
                    Map.entry("sender rejected", SENDER_REJECTED),
                    Map.entry("recipient rejected", USER_UNKNOWN))),
            // au (KDDI): "550 : User unknown" without the address is its refusal by the subscriber's filter,
            // "550 <addr>: User unknown" the missing mailbox
            Map.entry("ezweb.ne.jp", List.of(
                    Map.entry("550 : user unknown", RECIPIENT_FILTERED))),
            Map.entry(".au.com", List.of(
                    Map.entry("550 : user unknown", RECIPIENT_FILTERED))),
            // Zoho Mail (mx*.zoho.com, smtpin.zoho.com): its own reply texts
            Map.entry("zoho.com", List.of(
                    Map.entry("greylisted, try again after some time", CLIENT_BLOCKED),
                    Map.entry("reason: email flagged as spam", SENDER_REJECTED),
                    Map.entry("mail rejected by destination domain", SENDER_REJECTED),
                    Map.entry("email policy violation detected", POLICY_VIOLATION),
                    Map.entry("mailbox delivery restricted by policy error", POLICY_VIOLATION),
                    Map.entry("temporary system error", SYSTEM_ERROR),
                    Map.entry(" detected by zoho mail", VIRUS_DETECTED))),
            // Cloudflare Email Routing (*.mx.cloudflare.net), its postmaster page
            Map.entry("mx.cloudflare.net", List.of(
                    Map.entry("found on one or more dnsbls", BLOCKLISTED_IP),
                    Map.entry("upstream error", SYSTEM_ERROR))),
            // GoDaddy (*.secureserver.net) replies without an IBnnn code; its "message is looping" is a
            // forwarding problem of the recipient account
            Map.entry("secureserver.net", List.of(
                    Map.entry("message is looping", SYSTEM_ERROR),
                    Map.entry("account storage limit", MAILBOX_FULL))));

    /** The entries as a list (iterated without a wrapper per entry), refusing a host given twice. */
    @SafeVarargs
    private static <K, V> List<Map.Entry<K, V>> inTableOrder(Map.Entry<K, V>... entries) {
        java.util.Set<K> keys = new java.util.HashSet<>();
        for (Map.Entry<K, V> e : entries) {
            if (!keys.add(e.getKey())) {
                throw new IllegalArgumentException("duplicate key " + e.getKey());
            }
        }
        return List.of(entries);
    }

    /** A matched text: the cause and the text that decided it. */
    record Hit(Cause cause, String phrase, String system) {
    }

    /**
     * Every phrase of the tables once (host names and texts), in a fixed order: the ids that
     * {@link #find(String, String, boolean[], int)} reads from a pass over the text.
     */
    private static final List<String> PHRASES;
    /** per format of {@link #BY_FORMAT}: the ids of its texts, in table order */
    private static final Map<String, int[]> FORMAT_IDS = new java.util.HashMap<>();
    /** per entry of {@link #BY_REMOTE_HOST}: the id of its host name, and the ids of its texts in table order */
    private static final int[] HOST_IDS = new int[BY_REMOTE_HOST.size()];
    private static final int[][] HOST_TEXT_IDS = new int[BY_REMOTE_HOST.size()][];

    static {
        Map<String, Integer> ids = new java.util.HashMap<>();
        List<String> phrases = new java.util.ArrayList<>();
        for (String format : new java.util.TreeSet<>(BY_FORMAT.keySet())) { // Map.of's order changes per run
            FORMAT_IDS.put(format, idsOf(BY_FORMAT.get(format), ids, phrases));
        }
        for (int h = 0; h < BY_REMOTE_HOST.size(); h++) {
            HOST_IDS[h] = idOf(BY_REMOTE_HOST.get(h).getKey(), ids, phrases);
            HOST_TEXT_IDS[h] = idsOf(BY_REMOTE_HOST.get(h).getValue(), ids, phrases);
        }
        PHRASES = List.copyOf(phrases);
    }

    private static int[] idsOf(List<Map.Entry<String, Cause>> entries, Map<String, Integer> ids, List<String> phrases) {
        int[] out = new int[entries.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = idOf(entries.get(i).getKey(), ids, phrases);
        }
        return out;
    }

    private static int idOf(String phrase, Map<String, Integer> ids, List<String> phrases) {
        return ids.computeIfAbsent(phrase, p -> {
            phrases.add(p);
            return phrases.size() - 1;
        });
    }

    /** The phrases {@link #find(String, String, boolean[], int)} reads from a pass over the text. */
    static List<String> phrases() {
        return PHRASES;
    }

    /** The system-specific text found in the normalised diagnostic, or {@code null}. */
    static Hit find(String format, String text) {
        return find(format, text, null, 0);
    }

    /**
     * {@link #find(String, String)}, with the phrases of {@link #phrases()} already looked for: {@code found[offset
     * + i]} says whether the text contains phrase {@code i} (the classifier's one {@link RuleBook} pass over the
     * text finds them, instead of a {@code contains} scan per host and text here); {@code found == null} asks the
     * text.
     */
    static Hit find(String format, String text, boolean[] found, int offset) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (format != null) {
            Hit h = first(BY_FORMAT.get(format), FORMAT_IDS.get(format), text, format, found, offset);
            if (h != null) {
                return h;
            }
        }
        for (int i = 0; i < BY_REMOTE_HOST.size(); i++) {
            Map.Entry<String, List<Map.Entry<String, Cause>>> host = BY_REMOTE_HOST.get(i);
            if (found != null ? found[offset + HOST_IDS[i]] : text.contains(host.getKey())) {
                Hit h = first(host.getValue(), HOST_TEXT_IDS[i], text, host.getKey(), found, offset);
                if (h != null) {
                    return h;
                }
            }
        }
        return null;
    }

    private static Hit first(List<Map.Entry<String, Cause>> phrases, int[] ids, String text, String system,
                             boolean[] found, int offset) {
        if (phrases == null) {
            return null;
        }
        for (int i = 0; i < phrases.size(); i++) {
            Map.Entry<String, Cause> p = phrases.get(i);
            if (found != null ? found[offset + ids[i]] : text.contains(p.getKey())) {
                return new Hit(p.getValue(), p.getKey(), system);
            }
        }
        return null;
    }
}
