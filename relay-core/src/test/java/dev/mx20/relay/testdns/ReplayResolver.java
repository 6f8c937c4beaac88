package dev.mx20.relay.testdns;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A dnsjava {@link Resolver} that answers only from a {@link RecordedAnswers} file: no socket, no server, the
 * same answers on every run. Put {@code dev.mx20.relay.dns.LiveDnsLookup} (or dnsjava's
 * {@code ValidatingResolver}) on top of it and the answers go through the same parsing as live ones.
 *
 * <p>An unrecorded question fails loudly: the stage completes exceptionally with an {@link UnrecordedQuestion}
 * naming it, and the question is kept in {@link #unrecorded()}, because a lookup layer turns exceptions into a
 * "lookup failed" answer that a test could mistake for the scenario's own failure. Tests assert it is empty.
 */
public final class ReplayResolver implements Resolver {
    private volatile boolean dnssecOk;
    private final RecordedAnswers answers;
    private final String source;
    private final List<String> unrecorded = Collections.synchronizedList(new ArrayList<>());

    public ReplayResolver(RecordedAnswers answers, String source) {
        this.answers = answers;
        this.source = source;
    }

    /** A question that the recording does not hold: record the scenario again. */
    public static final class UnrecordedQuestion extends IOException {
        UnrecordedQuestion(String message) {
            super(message);
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        String key = RecordedAnswers.key(query, dnssecOk);
        byte[] wire = answers.answer(key);
        if (wire == null) {
            unrecorded.add(key);
            return CompletableFuture.failedFuture(new UnrecordedQuestion("no answer recorded for \"" + key
                    + "\" in " + source + " (it holds " + answers.size() + "): record the scenario again"));
        }
        try {
            Message response = new Message(wire);
            response.getHeader().setID(query.getHeader().getID());
            return CompletableFuture.completedFuture(response);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e); // cannot happen: RecordedAnswers parsed it already
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        return sendAsync(query);
    }

    /** The questions asked that the recording does not hold, in the order asked. */
    public List<String> unrecorded() {
        synchronized (unrecorded) {
            return List.copyOf(unrecorded);
        }
    }

    // Transport settings mean nothing to a replay.
    @Override
    public void setPort(int port) {
    }

    @Override
    public void setTCP(boolean flag) {
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        dnssecOk = version >= 0 && (flags & ExtendedFlags.DO) != 0;
    }

    @Override
    public void setTSIGKey(TSIG key) {
    }

    @Override
    public void setTimeout(Duration timeout) {
    }
}
