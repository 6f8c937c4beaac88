package dev.mx20.relay.validate.dnssec;

import dev.mx20.relay.dns.RecordType;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.dnssec.ValidatingResolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * Validates answers here, with dnsjava's {@link ValidatingResolver} (RFC 4033-4035; no crypto of our own): it
 * asks the given recursive resolver (the "head") for the data with DO and CD set, fetches the DNSKEY and DS
 * records on the way down from the trust anchor, and checks every signature. The head needs only to pass DNSSEC
 * records through; it does not have to validate (CD tells it not to).
 *
 * <p>Thread-safe. The validator keeps dnsjava's key cache, so reuse one instance across validations.
 */
public final class LocalDnssecValidator implements DnssecValidator {
    private final ValidatingResolver resolver;
    private final Duration timeout;
    private final TrustAnchors anchors;

    /**
     * @param head    the resolver to ask (a recursive resolver, or in tests an authoritative one)
     * @param anchors where validation starts
     * @param timeout the most one check may take, DNSKEY and DS fetches included
     * @param clock   the time signatures are checked against (RRSIG inception and expiration, RFC 4035 §5.3.1)
     */
    public LocalDnssecValidator(Resolver head, TrustAnchors anchors, Duration timeout, Clock clock) {
        this.anchors = Objects.requireNonNull(anchors);
        this.timeout = Objects.requireNonNull(timeout);
        head.setTimeout(timeout);
        this.resolver = new ValidatingResolver(head, clock);
        try {
            resolver.loadTrustAnchors(new ByteArrayInputStream(anchors.bytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates through the given recursive resolvers, or the system's when {@code servers} is empty. */
    public static LocalDnssecValidator forServers(List<InetSocketAddress> servers, TrustAnchors anchors,
                                                  Duration timeout) {
        Resolver head = servers.isEmpty() ? new ExtendedResolver()
                : new ExtendedResolver(servers.stream().<Resolver>map(SimpleResolver::new).toList());
        return new LocalDnssecValidator(head, anchors, timeout, Clock.systemUTC());
    }

    @Override
    public CompletionStage<DnssecVerdict> check(String name, RecordType type) {
        return Queries.ask(resolver, name, type, timeout, UnaryOperator.identity());
    }

    @Override
    public String describe() {
        return "validated locally (dnsjava ValidatingResolver) from trust anchors " + anchors.owners();
    }
}
