package dev.mx20.rest.dsn;

import dev.mx20.dsn.mbox.MboxMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Hands the messages of a mailbox to an {@link OrderedPipeline} in groups, so that one thread hand-off (queue,
 * wake-up, result) serves several messages: one hand-off per message cost the analysis threads about 8 µs of CPU
 * per message on a busy 2-core machine, a fifth of the analysis itself (docs/benchmarks.md, rest-api). A group is submitted when it
 * holds {@value #MAX_MESSAGES} messages or {@value #MAX_BYTES} bytes, and on {@link #drain()}. Not thread-safe.
 *
 * @param <T> the result for one message
 */
final class MessageGroups<T> {
    static final int MAX_MESSAGES = 16;
    static final long MAX_BYTES = 64 * 1024;

    private final OrderedPipeline<List<T>> pipeline;
    private final Function<MboxMessage, T> work;
    private List<MboxMessage> group = new ArrayList<>();
    private long bytes;

    /** @param work runs on the pipeline's threads, once per message, in mailbox order within a group */
    MessageGroups(OrderedPipeline<List<T>> pipeline, Function<MboxMessage, T> work) {
        this.pipeline = pipeline;
        this.work = work;
    }

    /** Adds a message; submits the group when it is full. */
    void add(MboxMessage m) throws IOException {
        group.add(m);
        bytes += m.tooLarge() ? 0 : m.content().length; // a skipped message holds no content
        if (group.size() >= MAX_MESSAGES || bytes >= MAX_BYTES) {
            submit();
        }
    }

    /** Submits the last group and waits until every result has been handed on. */
    void drain() throws IOException {
        submit();
        pipeline.drain();
    }

    private void submit() throws IOException {
        if (group.isEmpty()) {
            return;
        }
        List<MboxMessage> messages = group;
        long size = bytes;
        group = new ArrayList<>(MAX_MESSAGES);
        bytes = 0;
        pipeline.submit(() -> {
            List<T> results = new ArrayList<>(messages.size());
            for (MboxMessage m : messages) {
                results.add(work.apply(m));
            }
            return results;
        }, size);
    }
}
