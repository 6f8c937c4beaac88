package dev.mx20.relay.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lookups through real name servers. Every lookup is bounded by a hard deadline, whatever the server does: a
 * silent or lying server gives {@link DnsStatus#TIMEOUT} or {@link DnsStatus#ERROR}, never a hang.
 *
 * <p>Queries to given servers go over {@link UdpExchange} (a few long-lived sockets on random ports with random
 * IDs, RFC 5452; TCP when an answer is truncated); several servers are asked in turn, each try getting an equal
 * share of what is left of the deadline. A dnsjava {@link Resolver} can be used instead
 * ({@link #LiveDnsLookup(Resolver, Duration)}).
 *
 * <p>dnsjava's {@code Lookup} is not used: it caches and merges NXDOMAIN, NODATA and SERVFAIL in ways that would
 * blur the permanent/transient distinction routing needs (RFC 5321 §5.1), so the RCODE is read here. A CNAME
 * chain is followed inside the answer and, when it ends outside it (RFC 1034 §3.6.2 lets a server stop there),
 * by asking again for its end, up to {@value Answers#MAX_CHAIN} links in all.
 */
public final class LiveDnsLookup implements DnsLookup, AutoCloseable {
    /**
     * Sends one query and gives its answer or error to {@code done}, exactly once, after at most about
     * {@code timeoutNanos}. {@code done} may run on the transport's own thread: it must not block.
     */
    private interface Transport {
        void send(Message query, long timeoutNanos, UdpExchange.Callback done);
    }

    /** The OPT record of every query (records are immutable; one instance serves them all). */
    private static final OPTRecord EDNS = new OPTRecord(UdpExchange.EDNS_PAYLOAD, 0, 0);
    /** IDs for queries sent through a dnsjava resolver, which sends the ID it is given. */
    private static final SecureRandom RESOLVER_IDS = new SecureRandom();

    private final Transport transport;
    private final Duration deadline;
    private final Runnable closer;

    private LiveDnsLookup(Transport transport, Duration deadline, Runnable closer) {
        this.transport = transport;
        this.deadline = Objects.requireNonNull(deadline);
        this.closer = closer;
    }

    /**
     * Through a dnsjava resolver (its own transport: a socket per query).
     *
     * @param resolver the resolver to ask (recursion desired is set on every query)
     * @param deadline the most a lookup may take, retries included
     */
    public LiveDnsLookup(Resolver resolver, Duration deadline) {
        this(viaResolver(Objects.requireNonNull(resolver)), deadline, () -> { });
    }

    /** dnsjava's resolvers have their own timeouts; the deadline is enforced here as well, whatever they do. */
    private static Transport viaResolver(Resolver resolver) {
        return (query, timeoutNanos, done) -> {
            query.getHeader().setID(RESOLVER_IDS.nextInt(0x10000)); // RFC 5452 §4.3: the query comes with ID 0
            CompletableFuture<Message> sent;
            try {
                sent = resolver.sendAsync(query).toCompletableFuture();
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).whenComplete(done);
        };
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

    /** Asks the given recursive name servers, in turn when one fails or stays silent. */
    public static LiveDnsLookup servers(List<InetSocketAddress> servers, Duration deadline) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no name servers");
        }
        List<UdpExchange> exchanges = servers.stream().map(a -> new UdpExchange(a, deadline)).toList();
        Transport inTurn = (query, timeoutNanos, done) ->
                inTurn(exchanges, 0, query, System.nanoTime() + timeoutNanos, done);
        return new LiveDnsLookup(inTurn, deadline, () -> exchanges.forEach(UdpExchange::close));
    }

    /** Asks server {@code i} with its share of the time left; on failure the next one, until none is left. */
    private static void inTurn(List<UdpExchange> servers, int i, Message query, long until, UdpExchange.Callback done) {
        long left = until - System.nanoTime();
        long share = Math.max(1, left / (servers.size() - i));
        if (i == servers.size() - 1) {
            servers.get(i).send(query, share, done);
            return;
        }
        servers.get(i).send(query, share, (answer, error) -> {
            if (error == null) {
                done.accept(answer, null);
            } else {
                inTurn(servers, i + 1, query, until, done);
            }
        });
    }

    /** Closes the sockets; lookups after this fail with {@link DnsStatus#ERROR}. */
    @Override
    public void close() {
        closer.run();
    }

    @Override
    public CompletionStage<DnsAnswer> lookup(String name, RecordType type) {
        Name qname = DnsNames.toName(name).orElse(null);
        if (qname == null) {
            return CompletableFuture.completedFuture(
                    DnsAnswer.failure(String.valueOf(name), type, DnsStatus.ERROR, "not a valid domain name"));
        }
        CompletableFuture<DnsAnswer> result = new CompletableFuture<>();
        // the text of a queryable name is its normal form (no escapes can occur): no need to render qname again
        ask(qname, DnsNames.normalize(name), qname, type, List.of(), Long.MAX_VALUE,
                System.nanoTime() + deadline.toNanos(), result);
        return result;
    }

    /**
     * Asks for {@code current}, the end of the chain {@code chainSoFar} that started at {@code qname}; asks again
     * when the answer's chain ends outside the answer. The deadline covers the whole chain. Completes
     * {@code result} (normally) in every case.
     */
    private void ask(Name qname, String qnameText, Name current, RecordType type, List<String> chainSoFar, long ttlSoFar,
                     long deadlineNanos, CompletableFuture<DnsAnswer> result) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            result.complete(DnsAnswer.failure(qnameText, type, DnsStatus.TIMEOUT,
                    "no answer within " + deadline.toMillis() + " ms"));
            return;
        }
        Message query = newQuery(Record.newRecord(current, type.code(), DClass.IN));
        UdpExchange.Callback answered = (response, error) -> {
            try {
                if (error != null) {
                    Throwable cause = unwrap(error);
                    boolean timeout = cause instanceof TimeoutException
                            || cause instanceof java.net.SocketTimeoutException;
                    result.complete(DnsAnswer.failure(qnameText, type,
                            timeout ? DnsStatus.TIMEOUT : DnsStatus.ERROR,
                            timeout ? "no answer within " + deadline.toMillis() + " ms" : String.valueOf(cause)));
                    return;
                }
                DnsAnswer part = Answers.fromResponse(current, current == qname ? qnameText : DnsNames.text(current),
                        type, response.getRcode(),
                        response.getSection(Section.ANSWER), response.getSection(Section.AUTHORITY));
                continueChain(qname, qnameText, type, chainSoFar, ttlSoFar, part, deadlineNanos, result);
            } catch (RuntimeException e) {
                result.complete(DnsAnswer.failure(qnameText, type, DnsStatus.ERROR, String.valueOf(e)));
            }
        };
        try {
            transport.send(query, left, answered);
        } catch (RuntimeException e) {
            answered.accept(null, e);
        }
    }

    private void continueChain(Name qname, String qnameText, RecordType type, List<String> chainSoFar, long ttlSoFar, DnsAnswer part,
                               long deadlineNanos, CompletableFuture<DnsAnswer> result) {
        boolean endsOutside = part.status() == DnsStatus.NODATA && part.isAlias();
        long ttl = part.status().isFailure() ? 0 : Math.min(ttlSoFar, part.ttl());
        if (chainSoFar.isEmpty() && !endsOutside && part.cnameChain().size() <= Answers.MAX_CHAIN && ttl == part.ttl()) {
            result.complete(part); // the first answer is the whole answer (the usual case): nothing to rebuild
            return;
        }
        List<String> chain = new ArrayList<>(chainSoFar);
        chain.addAll(part.cnameChain());
        String name = qnameText;
        if (chain.size() > Answers.MAX_CHAIN) {
            result.complete(new DnsAnswer(name, type, DnsStatus.ERROR, List.of(),
                    chain.subList(0, Answers.MAX_CHAIN), "CNAME chain too long or looping"));
            return;
        }
        if (endsOutside) {
            Name end = DnsNames.toName(chain.get(chain.size() - 1)).orElse(null);
            if (end != null) {
                // conservative: this part's TTL is its CNAMEs' bounded by its (often absent, so 0) negative TTL
                ask(qname, qnameText, end, type, chain, Math.min(ttlSoFar, part.ttl()), deadlineNanos, result);
                return;
            }
        }
        result.complete(new DnsAnswer(name, type, part.status(), part.data(), chain, part.detail(), ttl));
    }

    /**
     * A recursive query (RD, opcode QUERY) with EDNS(0), as {@link Message#newQuery} makes it but with ID 0: the
     * transport draws the ID (RFC 5452 §4.3), so dnsjava's own random ID, a {@code SecureRandom} call per query,
     * would be thrown away. EDNS is added here rather than in the transport, which would otherwise copy the query.
     */
    private static Message newQuery(Record question) {
        Message query = new Message(0);
        query.getHeader().setOpcode(Opcode.QUERY);
        query.getHeader().setFlag(Flags.RD);
        query.addRecord(question, Section.QUESTION);
        query.addRecord(EDNS, Section.ADDITIONAL);
        return query;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
