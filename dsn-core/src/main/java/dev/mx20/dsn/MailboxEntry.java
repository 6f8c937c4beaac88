package dev.mx20.dsn;

import dev.mx20.dsn.mbox.MboxMessage;
import dev.mx20.dsn.model.BounceReport;

import java.util.Objects;

/**
 * One message of a mailbox and what {@link BounceAnalyzer#analyzeMailbox} made of it: either its report or the
 * reason there is none, never both. The batch goes on after an error: an entry with an error stands for one
 * message only.
 *
 * @param message the message as the mailbox held it (its index, From_ line and size; its content is {@code null}
 *                when it was over the analyzer's {@link DsnLimits#maxMessageBytes()})
 * @param report  the analysis, or {@code null} when {@code error} is set
 * @param error   why the message has no report (over the size limit, or unreadable), or {@code null}
 */
public record MailboxEntry(MboxMessage message, BounceReport report, DsnParseException error) {

    /** Checks that exactly one of {@code report} and {@code error} is set. */
    public MailboxEntry {
        Objects.requireNonNull(message, "message");
        if ((report == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of report and error must be set");
        }
    }

    /** The message's 1-based position in the mailbox. */
    public int index() {
        return message.index();
    }
}
