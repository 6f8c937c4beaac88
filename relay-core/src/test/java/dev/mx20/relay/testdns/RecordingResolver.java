package dev.mx20.relay.testdns;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A dnsjava {@link Resolver} in front of a real one (a {@link TestDnsServer}, NSD on loopback) that keeps every
 * answer it passes on, to be written as a {@link RecordedAnswers} file and replayed by {@link ReplayResolver}.
 * Failed exchanges are not recorded: a recording holds answers, and a replay of an unrecorded question fails.
 */
public final class RecordingResolver implements Resolver {
    private volatile boolean dnssecOk;
    private final Resolver delegate;
    private final Map<String, Message> exchanges = new ConcurrentHashMap<>();

    public RecordingResolver(Resolver delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        String key = RecordedAnswers.key(query, dnssecOk);
        return delegate.sendAsync(query).thenApply(response -> {
            exchanges.put(key, response.clone());
            return response;
        });
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        return sendAsync(query);
    }

    /** Writes what was recorded so far; {@code header} says what and how (comment lines). */
    public void write(Path file, String header) throws IOException {
        RecordedAnswers.write(file, header, exchanges);
    }

    public int recorded() {
        return exchanges.size();
    }

    @Override
    public void setPort(int port) {
        delegate.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
        delegate.setTCP(flag);
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        delegate.setIgnoreTruncation(flag);
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        dnssecOk = version >= 0 && (flags & ExtendedFlags.DO) != 0;
        delegate.setEDNS(version, payloadSize, flags, options);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        delegate.setTSIGKey(key);
    }

    @Override
    public void setTimeout(Duration timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public Duration getTimeout() {
        return delegate.getTimeout();
    }
}
