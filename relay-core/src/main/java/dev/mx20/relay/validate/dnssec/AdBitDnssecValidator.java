package dev.mx20.relay.validate.dnssec;

import dev.mx20.relay.dns.RecordType;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Trusts a validating recursive resolver: an answer is secure when the resolver sets the AD bit (RFC 4035 §3.2.3),
 * bogus when it answers SERVFAIL with a DNSSEC extended error (RFC 8914), insecure otherwise. This is what Postfix
 * does with {@code smtp_dns_support_level = dnssec}, and it is only as good as the path to the resolver: use it
 * with a resolver on the same host or a trusted network (RFC 6698 §4.1 and RFC 7672 §2.1.1 say the same).
 *
 * <p>Queries carry DO (RFC 3225) and AD (RFC 6840 §5.7: asks a resolver to report AD without sending the DNSSEC
 * records themselves).
 */
public final class AdBitDnssecValidator implements DnssecValidator {
    private final Resolver resolver;
    private final Duration timeout;

    /** @param resolver the validating recursive resolver to trust */
    public AdBitDnssecValidator(Resolver resolver, Duration timeout) {
        this.resolver = Objects.requireNonNull(resolver);
        this.timeout = Objects.requireNonNull(timeout);
        resolver.setTimeout(timeout);
        resolver.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
    }

    /** The given resolvers, or the system's when {@code servers} is empty. */
    public static AdBitDnssecValidator forServers(List<InetSocketAddress> servers, Duration timeout) {
        Resolver r = servers.isEmpty() ? new ExtendedResolver()
                : new ExtendedResolver(servers.stream().<Resolver>map(SimpleResolver::new).toList());
        return new AdBitDnssecValidator(r, timeout);
    }

    @Override
    public CompletionStage<DnssecVerdict> check(String name, RecordType type) {
        return Queries.ask(resolver, name, type, timeout, q -> {
            q.getHeader().setFlag(Flags.AD);
            return q;
        });
    }

    @Override
    public String describe() {
        return "AD bit of the recursive resolver (not validated here)";
    }
}
