package dev.mx20.relay.validate.dnssec;

import dev.mx20.relay.dns.RecordType;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Sends one query through a resolver, bounded by a deadline, and turns what comes back into a verdict. */
final class Queries {
    private Queries() {
    }

    static CompletionStage<DnssecVerdict> ask(Resolver resolver, String name, RecordType type, Duration timeout,
                                              UnaryOperator<Message> prepare) {
        String shown = name == null ? "" : name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        Message query;
        try {
            Name qname = Name.fromString(shown + ".");
            query = prepare.apply(Message.newQuery(Record.newRecord(qname, Type.value(type.name()), DClass.IN)));
        } catch (TextParseException | RuntimeException e) {
            return CompletableFuture.completedFuture(new DnssecVerdict(shown, type.name(),
                    DnssecStatus.INDETERMINATE, "not a valid domain name"));
        }
        CompletableFuture<Message> sent;
        try {
            sent = resolver.sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((response, error) -> error != null
                        ? Verdicts.failure(shown, type.name(), error)
                        : Verdicts.classify(shown, type.name(), response));
    }
}
