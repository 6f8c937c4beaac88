package dev.mx20.relay.dns;

import java.util.concurrent.CompletionStage;

/**
 * One question to the DNS. Implementations: {@link LiveDnsLookup} (a real resolver, with timeouts) and
 * {@link OfflineDnsLookup} (records supplied by the caller, for planning and deterministic tests).
 *
 * <p>Contract: the returned stage always completes, and normally (never exceptionally): failures are
 * reported as a {@link DnsAnswer} whose {@link DnsStatus#isFailure()} is true. A malformed name gives
 * {@link DnsStatus#ERROR}.
 */
public interface DnsLookup {
    /** Looks up {@code name} (absolute; a trailing dot is optional) for records of {@code type}. */
    CompletionStage<DnsAnswer> lookup(String name, RecordType type);
}
