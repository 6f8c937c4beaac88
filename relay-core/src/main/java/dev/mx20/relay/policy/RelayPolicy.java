package dev.mx20.relay.policy;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, at RCPT time, whether the relay takes responsibility for a recipient. The order matters:
 * <ol>
 *   <li>sender-specified routing ({@code %}, {@code !}, quoted {@code @}, source routes) is refused for everyone
 *       ({@code 554 5.7.1}): the relay never forwards something the next hop could re-route;</li>
 *   <li>a relayed domain: accepted only when the recipient list has the address, or the address without its
 *       extension ({@code recipient_delimiter}, see {@link AddressExtension}; {@code 550 5.1.1} otherwise, RFC 3463
 *       "bad destination mailbox address"), even for trusted clients, so nothing undeliverable is queued. The
 *       recipient is forwarded as given, extension included: the primary files it;</li>
 *   <li>any other domain: accepted only from trusted networks (the IPv6-only primary using the relay as its
 *       smarthost), else {@code 554 5.7.1} relay access denied.</li>
 * </ol>
 * Rejecting at RCPT time instead of bouncing later is what keeps the relay from sending backscatter.
 */
public final class RelayPolicy {
    private final Set<String> relayDomains;
    private final String firstDomain;
    private final RecipientList recipients;
    private final List<IpNetwork> trusted;
    private final String recipientDelimiters;

    /**
     * @param relayDomains the relayed domains in lower case (the first one receives mail for a bare
     *                     {@code <postmaster>})
     * @param recipients   the valid recipients of those domains ({@code null} only when there are no relay domains)
     * @param trusted      client networks allowed to relay anywhere
     */
    public RelayPolicy(Collection<String> relayDomains, RecipientList recipients, List<IpNetwork> trusted) {
        this(relayDomains, recipients, trusted, "");
    }

    /**
     * @param relayDomains        as above
     * @param recipients          as above
     * @param trusted             as above
     * @param recipientDelimiters the address-extension delimiter characters ({@code recipient_delimiter}); empty
     *                            = recipients must be listed by their full address
     */
    public RelayPolicy(Collection<String> relayDomains, RecipientList recipients, List<IpNetwork> trusted,
                       String recipientDelimiters) {
        if (!relayDomains.isEmpty() && recipients == null) {
            throw new IllegalArgumentException("relay domains need a recipient list");
        }
        this.relayDomains = Set.copyOf(relayDomains);
        this.firstDomain = relayDomains.isEmpty() ? null : relayDomains.iterator().next();
        this.recipients = recipients;
        this.trusted = List.copyOf(trusted);
        this.recipientDelimiters = recipientDelimiters;
    }

    /** @return whether the client address is in a trusted network */
    public boolean isTrusted(InetAddress client) {
        return trusted.stream().anyMatch(n -> n.contains(client));
    }

    /**
     * RFC 5321 §4.5.1: {@code RCPT TO:<Postmaster>} without a domain MUST be accepted. The relay has no mailbox of
     * its own, so it means the postmaster of the first relayed domain; empty when there is no relayed domain.
     */
    public Optional<MailPath> barePostmaster() {
        return firstDomain == null ? Optional.empty()
                : Optional.of(new MailPath("postmaster", firstDomain, false, false));
    }

    /** @return the decision for one recipient from a client */
    public PolicyDecision checkRecipient(MailPath rcpt, boolean trustedClient) {
        String shown = "<" + rcpt.address() + ">";
        if (rcpt.hasRoutingTrick()) {
            return new PolicyDecision(554, "5.7.1", shown + ": Sender-specified routing refused");
        }
        if (relayDomains.contains(rcpt.domain())) {
            // RFC 5321 §4.5.1: every domain has a postmaster, listed or not.
            return rcpt.localPart().equalsIgnoreCase("postmaster") || isListed(rcpt)
                    ? new PolicyDecision(250, "2.1.5", "Ok")
                    : new PolicyDecision(550, "5.1.1", shown + ": Recipient address rejected: User unknown");
        }
        if (trustedClient) {
            return new PolicyDecision(250, "2.1.5", "Ok");
        }
        return new PolicyDecision(554, "5.7.1", shown + ": Relay access denied");
    }

    private boolean isListed(MailPath rcpt) {
        if (recipients.contains(rcpt.address())) {
            return true;
        }
        return !rcpt.quoted() && AddressExtension.base(rcpt.localPart(), recipientDelimiters)
                .map(base -> recipients.contains(base + "@" + rcpt.domain())).orElse(false);
    }
}
