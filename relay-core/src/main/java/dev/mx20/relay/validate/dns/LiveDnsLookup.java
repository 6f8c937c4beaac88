package dev.mx20.relay.validate.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lookups through a real recursive resolver (dnsjava, UDP with TCP fallback on truncation). Every lookup is
 * bounded by a hard deadline, whatever the resolver does: a silent or lying server gives
 * {@link DnsStatus#TIMEOUT} or {@link DnsStatus#ERROR}, never a hang.
 */
public final class LiveDnsLookup implements DnsLookup {
    private final Resolver resolver;
    private final Duration deadline;

    /**
     * @param resolver the resolver to ask (recursion desired is set on every query)
     * @param deadline the most a lookup may take, retries included
     */
    public LiveDnsLookup(Resolver resolver, Duration deadline) {
        this.resolver = Objects.requireNonNull(resolver);
        this.deadline = Objects.requireNonNull(deadline);
    }

    /** Asks the system's configured name servers (resolv.conf or the platform equivalent). */
    public static LiveDnsLookup system(Duration deadline) {
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        return servers(servers, deadline);
    }

    /** Asks the given recursive name servers in turn (dnsjava {@link ExtendedResolver}). */
    public static LiveDnsLookup servers(List<InetSocketAddress> servers, Duration deadline) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no name servers");
        }
        SimpleResolver[] resolvers = servers.stream().map(SimpleResolver::new).toArray(SimpleResolver[]::new);
        Resolver r;
        if (resolvers.length == 1) {
            r = resolvers[0];
        } else {
            ExtendedResolver ext = new ExtendedResolver(resolvers);
            ext.setRetries(1);
            r = ext;
        }
        // each try gets the whole deadline: the hard bound below applies to the total anyway
        r.setTimeout(deadline);
        return new LiveDnsLookup(r, deadline);
    }

    @Override
    public CompletionStage<DnsAnswer> lookup(String name, RecordType type) {
        Name qname = DnsNames.toName(name).orElse(null);
        if (qname == null) {
            return CompletableFuture.completedFuture(
                    DnsAnswer.failure(String.valueOf(name), type, DnsStatus.ERROR, "not a valid domain name"));
        }
        Message query = Message.newQuery(Record.newRecord(qname, type.code(), DClass.IN));
        CompletableFuture<Message> sent;
        try {
            sent = resolver.sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        boolean timeout = cause instanceof TimeoutException
                                || cause instanceof java.net.SocketTimeoutException;
                        return DnsAnswer.failure(DnsNames.text(qname), type,
                                timeout ? DnsStatus.TIMEOUT : DnsStatus.ERROR,
                                timeout ? "no answer within " + deadline.toMillis() + " ms" : String.valueOf(cause));
                    }
                    return Answers.fromResponse(qname, type, response.getRcode(), response.getSection(Section.ANSWER));
                });
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
