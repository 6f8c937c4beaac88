package dev.mx20.dsn.taxonomy;

import java.util.Locale;

import static dev.mx20.dsn.taxonomy.Category.*;
import static dev.mx20.dsn.taxonomy.Permanence.NONE;
import static dev.mx20.dsn.taxonomy.Permanence.PERMANENT;
import static dev.mx20.dsn.taxonomy.Permanence.TRANSIENT;

/**
 * The catalogue of fine-grained causes: what went wrong, in terms a sender can act on. Each cause has a stable
 * kebab-case {@link #id()} (documented in {@code docs/taxonomy.md}; never renamed), its Sisimai-compatible
 * {@link #category()}, a default {@link #permanence()} (used when the report carries no status or reply code),
 * whether IPv6 is always part of it, and a plain-language explanation and remedy.
 *
 * <p>The IPv6 causes come first: they are why mx20 exists (an IPv6-only primary MX and its dual-stack
 * "MX 20" relay).
 */
public enum Cause {
    // --- IPv6 and DNS reachability ------------------------------------------------------------------------
    MX_NO_AAAA("mx-no-aaaa", NETWORKERROR, TRANSIENT, true,
            "The recipient domain's mail servers have no IPv6 address (no AAAA record), so an IPv6-only sender cannot reach them.",
            "Publish an AAAA record for the recipient's MX, or route this destination through a dual-stack MX 20 relay that can send over IPv4."),
    MX_IPV6_ONLY("mx-ipv6-only", NETWORKERROR, TRANSIENT, true,
            "The recipient domain's mail servers have only IPv6 addresses (no A record), and the sending server can only use IPv4.",
            "Send over IPv6 to this destination (enable IPv6 on the sender or use a dual-stack relay), or ask the recipient to publish an A record for the MX or add a dual-stack MX 20 relay."),
    IPV6_UNREACHABLE("ipv6-unreachable", NETWORKERROR, TRANSIENT, true,
            "The connection to the recipient's mail server over IPv6 failed (network or route unreachable, refused or timed out).",
            "Check the sender's IPv6 route and firewall; until IPv6 works to this destination, send over IPv4 to it (or through a dual-stack MX 20 relay)."),
    IPV6_NOT_ACCEPTED("ipv6-not-accepted", BLOCKED, PERMANENT, true,
            "The receiving server refuses mail delivered over IPv6 (it accepts the same mail over IPv4).",
            "Send over IPv4 to this destination (a dual-stack MX 20 relay can do it for an IPv6-only sender)."),
    SENDER_DOMAIN_UNROUTABLE("sender-domain-unroutable", REJECTED, PERMANENT, true,
            "The receiving server could not find a usable route back to the sender's domain (no MX/A it can reach, e.g. the sender's MX has only IPv6 addresses and the receiver uses IPv4), so it refused the sender address.",
            "Make the sender domain resolvable for every receiver: publish an MX whose host has an A record as well as an AAAA record (a dual-stack MX 20 relay does this)."),
    REVERSE_DNS_MISSING_IPV6("reverse-dns-missing-ipv6", REQUIREPTR, PERMANENT, true,
            "The sending server's IPv6 address has no PTR record, or the PTR name does not resolve back to that address; large providers refuse mail over IPv6 without it.",
            "Publish a PTR for the IPv6 address that resolves back to the same address (FCrDNS), or send over IPv4 to this destination until it exists."),
    REVERSE_DNS_MISSING("reverse-dns-missing", REQUIREPTR, PERMANENT, false,
            "The sending server's IP address has no PTR record, or its name does not resolve back to the address.",
            "Publish a PTR record for the sending IP whose name resolves back to the same address (FCrDNS)."),
    NULL_MX("null-mx", NOTACCEPT, PERMANENT, false,
            "The recipient domain publishes a null MX (RFC 7505): it declares that it accepts no mail at all.",
            "Stop sending to this domain; the address cannot receive mail."),
    SENDER_NULL_MX("sender-null-mx", REJECTED, PERMANENT, false,
            "The sender's domain publishes a null MX (RFC 7505), so the receiver refuses mail that could never be answered.",
            "Remove the null MX from the sender domain and publish a real MX (for example a dual-stack MX 20 relay)."),
    DNS_FAILURE("dns-failure", NETWORKERROR, TRANSIENT, false,
            "A DNS lookup needed for delivery failed temporarily (SERVFAIL, timeout, or an answer without data).",
            "Check the recipient domain's DNS servers and the sender's resolver; delivery normally succeeds once DNS answers."),

    // --- recipient address and mailbox --------------------------------------------------------------------
    USER_UNKNOWN("user-unknown", USERUNKNOWN, PERMANENT, false,
            "The recipient's mailbox does not exist at the destination.",
            "Remove or correct the address; do not retry."),
    MAILBOX_FULL("mailbox-full", MAILBOXFULL, TRANSIENT, false,
            "The recipient's mailbox is full or over its storage quota.",
            "Retry later; if it keeps failing for days, contact the recipient another way."),
    MAILBOX_DISABLED("mailbox-disabled", SUSPEND, PERMANENT, false,
            "The recipient's mailbox exists but is disabled, suspended or inactive.",
            "Stop sending until the recipient reactivates the account; remove the address if it stays disabled."),
    HAS_MOVED("has-moved", HASMOVED, PERMANENT, false,
            "The recipient's address was valid but has moved, with no forwarding.",
            "Update the address to the new one the recipient gives you."),
    RECIPIENT_FILTERED("recipient-filtered", FILTERED, PERMANENT, false,
            "The recipient's mailbox refused the message because of the recipient's own settings or filters.",
            "Ask the recipient to allow your address; do not retry unchanged."),
    DOMAIN_NOT_FOUND("domain-not-found", HOSTUNKNOWN, PERMANENT, false,
            "The recipient's domain does not exist in DNS or has no mail server.",
            "Correct the domain part of the address (look for typos); do not retry."),
    NOT_ACCEPTING_MAIL("not-accepting-mail", NOTACCEPT, PERMANENT, false,
            "The destination host or domain does not accept mail at all.",
            "Stop sending to this destination."),

    // --- sender, relay and authentication -----------------------------------------------------------------
    RELAY_DENIED("relay-denied", NORELAYING, PERMANENT, false,
            "The server refused to relay: it is not responsible for the recipient domain and the sender is not authorised to relay through it.",
            "Send to the recipient domain's own MX, or authenticate to the relay (SMTP AUTH) before sending."),
    SENDER_REJECTED("sender-rejected", REJECTED, PERMANENT, false,
            "The receiver refused the envelope sender address (MAIL FROM).",
            "Use a valid, verifiable sender address the receiver accepts."),
    SPF_FAIL("spf-fail", AUTHFAILURE, PERMANENT, false,
            "The message failed SPF: the sending IP is not authorised by the sender domain's SPF record.",
            "Add every sending IP (IPv4 and IPv6, ip4:/ip6: mechanisms) to the sender domain's SPF record."),
    DKIM_FAIL("dkim-fail", AUTHFAILURE, PERMANENT, false,
            "The message had no valid DKIM signature acceptable to the receiver.",
            "Sign outgoing mail with DKIM for the From domain and check the published key."),
    DMARC_REJECT("dmarc-reject", AUTHFAILURE, PERMANENT, false,
            "The message failed DMARC: neither an aligned SPF pass nor an aligned DKIM signature for the From domain.",
            "Align SPF and/or DKIM with the From domain, then check the DMARC policy."),
    AUTH_FAILED("auth-failed", AUTHFAILURE, PERMANENT, false,
            "The message failed the receiver's sender authentication checks (SPF, DKIM, DMARC or ARC).",
            "Publish SPF covering every sending IP and sign with DKIM aligned to the From domain."),

    // --- reputation, content and policy -------------------------------------------------------------------
    BLOCKLISTED_IP("blocklisted-ip", BLOCKED, PERMANENT, false,
            "The sending IP address is on a block list (DNSBL) or blocked by the receiver.",
            "Find out why the IP is listed, fix it and request delisting; send through another IP meanwhile."),
    CLIENT_BLOCKED("client-blocked", BLOCKED, PERMANENT, false,
            "The receiver refused the sending server itself (its host name, HELO or network), not this message.",
            "Check the sending server's HELO name, DNS and network reputation; contact the receiver's postmaster."),
    BAD_REPUTATION("bad-reputation", BADREPUTATION, TRANSIENT, false,
            "The receiver limits or refuses mail because of the sending IP's or domain's poor reputation.",
            "Reduce complaints and bounces, warm up the IP, and follow the receiver's sender guidelines."),
    SPAM_CONTENT("spam-content", SPAMDETECTED, PERMANENT, false,
            "The receiver's spam filter judged the message to be spam.",
            "Review the content and links, and authenticate the mail; do not resend unchanged."),
    VIRUS_DETECTED("virus-detected", VIRUSDETECTED, PERMANENT, false,
            "The receiver found a virus or dangerous attachment in the message.",
            "Remove the infected or forbidden attachment and scan the sending system."),
    POLICY_VIOLATION("policy-violation", POLICYVIOLATION, PERMANENT, false,
            "The message breaks a local policy of the receiving organisation (e.g. closed list, forbidden attachment type).",
            "Read the receiver's policy message and change the message or its destination."),
    CONTENT_ERROR("content-error", CONTENTERROR, PERMANENT, false,
            "The message's format or content could not be handled (media, encoding or header problem).",
            "Fix the message's MIME structure or encoding."),
    NOT_RFC_COMPLIANT("not-rfc-compliant", NOTCOMPLIANTRFC, PERMANENT, false,
            "The message does not comply with the email standards (e.g. duplicate or malformed header fields, RFC 5322).",
            "Fix the generator of the message so that its header fields follow RFC 5322."),
    MESSAGE_TOO_LARGE("message-too-large", EMAILTOOLARGE, PERMANENT, false,
            "The message is larger than the receiver accepts.",
            "Send a smaller message (link large files instead of attaching them)."),
    RATE_LIMITED("rate-limited", RATELIMITED, TRANSIENT, false,
            "The receiver is throttling the sender: too many messages, recipients or connections in a short time.",
            "Slow down: fewer connections and messages per minute; the queue retries automatically."),
    QUOTA_EXCEEDED("quota-exceeded", RATELIMITED, TRANSIENT, false,
            "The sender's own sending quota (daily or hourly limit) is exhausted.",
            "Wait for the quota to reset or ask the provider for a higher limit."),
    SECURITY_ERROR("security-error", SECURITYERROR, PERMANENT, false,
            "The receiver refused the message for a security reason (authentication required or invalid, not authorised).",
            "Authenticate correctly (SMTP AUTH) or send from a host the receiver authorises."),
    STARTTLS_FAILED("starttls-failed", FAILEDSTARTTLS, PERMANENT, false,
            "Encryption (STARTTLS / REQUIRETLS) was required but could not be negotiated.",
            "Fix the TLS configuration (certificates, protocol versions) on the sending and receiving servers."),
    SUPPRESSED("suppressed", Category.SUPPRESSED, PERMANENT, false,
            "The sending service did not even try: the address is on its suppression list after earlier bounces or complaints.",
            "Remove the address from the list only if you are sure it works again."),

    // --- systems and transport ----------------------------------------------------------------------------
    SYSTEM_ERROR("system-error", SYSTEMERROR, TRANSIENT, false,
            "The receiving system had an internal or configuration error.",
            "Retry later; if it persists, tell the receiver's postmaster."),
    SYSTEM_FULL("system-full", SYSTEMFULL, TRANSIENT, false,
            "The receiving system is out of storage or congested.",
            "Retry later."),
    NETWORK_ERROR("network-error", NETWORKERROR, TRANSIENT, false,
            "The connection to the receiving server failed (refused, reset, timed out or unreachable).",
            "Check the route to the destination; the queue retries automatically."),
    MAIL_LOOP("mail-loop", NETWORKERROR, PERMANENT, false,
            "The message was looping between servers (too many hops, forwarding loop).",
            "Fix the forwarding or MX configuration that sends the message in a circle."),
    MAILER_ERROR("mailer-error", MAILERERROR, PERMANENT, false,
            "The program that delivers mail locally on the receiving host failed.",
            "Tell the receiver's postmaster; the local delivery program or its configuration is broken."),
    SYNTAX_ERROR("syntax-error", SYNTAXERROR, PERMANENT, false,
            "The receiver rejected an SMTP command as invalid or out of sequence.",
            "Fix the sending software's SMTP dialogue."),
    EXPIRED_AFTER_RETRIES("expired-after-retries", EXPIRED, TRANSIENT, false,
            "The sending server gave up after retrying temporary failures for too long.",
            "Check why the destination was unreachable; the address may work again later, so resend if it matters."),
    DELAYED("delayed", EXPIRED, TRANSIENT, false,
            "Delivery has not succeeded yet; the sending server is still retrying.",
            "Nothing to do yet; a final report follows if delivery keeps failing."),

    // --- not failures -------------------------------------------------------------------------------------
    DELIVERED("delivered", Category.DELIVERED, NONE, false,
            "The message was delivered (or relayed further) successfully.",
            "Nothing to do."),
    AUTO_REPLY("auto-reply", VACATION, NONE, false,
            "An automatic reply (vacation / out-of-office, RFC 3834), not a delivery failure.",
            "Nothing to do; do not treat the address as failing."),
    FEEDBACK_REPORT("feedback-report", FEEDBACK, NONE, false,
            "A complaint or abuse report (ARF, RFC 5965) about a message that was delivered.",
            "Stop mailing the complaining recipient and review why the message was reported."),

    // --- undecided ----------------------------------------------------------------------------------------
    UNRECOGNIZED("unrecognized", ONHOLD, TRANSIENT, false,
            "The report gives a reason mx20 does not recognise.",
            "Read the diagnostic text (evidence) yourself."),
    UNKNOWN("unknown", UNDEFINED, TRANSIENT, false,
            "The report does not say why delivery failed.",
            "Retry later or contact the recipient another way.");

    private final String id;
    private final Category category;
    private final Permanence permanence;
    private final boolean ipv6;
    private final String explanation;
    private final String remedy;

    Cause(String id, Category category, Permanence permanence, boolean ipv6, String explanation, String remedy) {
        this.id = id;
        this.category = category;
        this.permanence = permanence;
        this.ipv6 = ipv6;
        this.explanation = explanation;
        this.remedy = remedy;
    }

    /** The stable kebab-case identifier, e.g. {@code "mx-no-aaaa"}. */
    public String id() {
        return id;
    }

    /** The coarse Sisimai-compatible category this cause belongs to. */
    public Category category() {
        return category;
    }

    /** The permanence when the report carries no status class or reply code that says otherwise. */
    public Permanence permanence() {
        return permanence;
    }

    /** {@code true} when IPv6 is always part of this cause. */
    public boolean ipv6() {
        return ipv6;
    }

    /** What happened, in plain language. */
    public String explanation() {
        return explanation;
    }

    /** What to do about it, in plain language. */
    public String remedy() {
        return remedy;
    }

    /**
     * Looks up a cause by its id.
     *
     * @return the cause, or {@code null} when the id is unknown
     */
    public static Cause fromId(String id) {
        if (id == null) {
            return null;
        }
        String n = id.trim().toLowerCase(Locale.ROOT);
        for (Cause c : values()) {
            if (c.id.equals(n)) {
                return c;
            }
        }
        return null;
    }
}
