package dev.mx20.relay.dns;

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
import java.util.ArrayList;
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
 *
 * <p>dnsjava's {@code Lookup} is not used: it caches and merges NXDOMAIN, NODATA and SERVFAIL in ways that would
 * blur the permanent/transient distinction routing needs (RFC 5321 §5.1), so queries go straight to a
 * {@link Resolver} and the RCODE is read here. A CNAME chain is followed inside the answer and, when it ends
 * outside it (RFC 1034 §3.6.2 lets a server stop there), by asking again for its end, up to
 * {@value Answers#MAX_CHAIN} links in all.
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

    /** The given servers, or the system's configured ones when {@code servers} is empty. */
    public static LiveDnsLookup create(List<InetSocketAddress> servers, Duration deadline) {
        return servers.isEmpty() ? system(deadline) : servers(servers, deadline);
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
        return ask(qname, qname, type, List.of(), System.nanoTime() + deadline.toNanos());
    }

    /**
     * Asks for {@code current}, the end of the chain {@code chainSoFar} that started at {@code qname}; asks again
     * when the answer's chain ends outside the answer. The deadline covers the whole chain.
     */
    private CompletionStage<DnsAnswer> ask(Name qname, Name current, RecordType type, List<String> chainSoFar,
                                           long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.completedFuture(DnsAnswer.failure(DnsNames.text(qname), type, DnsStatus.TIMEOUT,
                    "no answer within " + deadline.toMillis() + " ms"));
        }
        Message query = Message.newQuery(Record.newRecord(current, type.code(), DClass.IN));
        CompletableFuture<Message> sent;
        try {
            sent = resolver.sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.orTimeout(left, TimeUnit.NANOSECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        boolean timeout = cause instanceof TimeoutException
                                || cause instanceof java.net.SocketTimeoutException;
                        return CompletableFuture.completedFuture(DnsAnswer.failure(DnsNames.text(qname), type,
                                timeout ? DnsStatus.TIMEOUT : DnsStatus.ERROR,
                                timeout ? "no answer within " + deadline.toMillis() + " ms" : String.valueOf(cause)));
                    }
                    DnsAnswer part = Answers.fromResponse(current, type, response.getRcode(),
                            response.getSection(Section.ANSWER));
                    return continueChain(qname, type, chainSoFar, part, deadlineNanos);
                })
                .thenCompose(stage -> stage);
    }

    private CompletionStage<DnsAnswer> continueChain(Name qname, RecordType type, List<String> chainSoFar,
                                                     DnsAnswer part, long deadlineNanos) {
        List<String> chain = new ArrayList<>(chainSoFar);
        chain.addAll(part.cnameChain());
        String name = DnsNames.text(qname);
        if (chain.size() > Answers.MAX_CHAIN) {
            return CompletableFuture.completedFuture(new DnsAnswer(name, type, DnsStatus.ERROR, List.of(),
                    chain.subList(0, Answers.MAX_CHAIN), "CNAME chain too long or looping"));
        }
        boolean endsOutside = part.status() == DnsStatus.NODATA && part.isAlias();
        if (endsOutside) {
            Name end = DnsNames.toName(chain.get(chain.size() - 1)).orElse(null);
            if (end != null) {
                return ask(qname, end, type, chain, deadlineNanos);
            }
        }
        return CompletableFuture.completedFuture(
                new DnsAnswer(name, type, part.status(), part.data(), chain, part.detail()));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
