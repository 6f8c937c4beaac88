package dev.mx20.rest.dsn;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.rest.dsn.json.ReportJson;
import dev.mx20.rest.dsn.json.ReportJsonMapper;
import dev.mx20.rest.problem.ProblemException;
import dev.mx20.rest.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * One message in, its JSON report out, or a {@link ProblemException} (422) saying why the bytes are not a
 * message. Shared by the Quarkus REST resource ({@link DsnResource}) and the event-loop route
 * ({@link ClassifyRoute}), so both answer the same thing for the same bytes. Thread-safe.
 */
@ApplicationScoped
public class MessageClassifier {
    private static final Logger LOG = Logger.getLogger(MessageClassifier.class);

    private final BounceAnalyzer analyzer;

    public MessageClassifier(BounceAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * @throws ProblemException 422 when the body is not a message (see {@link MessageShape}) or its MIME
     *                          structure cannot be followed at all
     * @throws RuntimeException a bug of ours or dsn-core's (answered 500 by the caller)
     */
    public ReportJson analyse(byte[] message) {
        String why = MessageShape.whyNotAMessage(message);
        if (why != null) {
            throw new ProblemException(ProblemType.NOT_A_MESSAGE, 422, why);
        }
        try {
            return ReportJsonMapper.toJson(analyzer.analyze(MessageShape.withoutMboxFromLine(message)));
        } catch (DsnParseException e) {
            throw new ProblemException(ProblemType.NOT_A_MESSAGE, 422,
                    "The body could not be read as a message: " + e.getMessage());
        } catch (RuntimeException e) {
            if (!thrownByMime4j(e)) {
                throw e; // a bug of ours or dsn-core's: 500, logged by the catch-all mapper
            }
            // mime4j gives up on some malformed structures with a runtime exception (e.g. a multipart header
            // section cut off before its body) that dsn-core lets through. The input is at fault, so the
            // client gets a 422; the stack trace is logged so that dsn-core can learn to absorb it.
            LOG.warnf(e, "mime4j failed on malformed input; answering 422");
            throw new ProblemException(ProblemType.NOT_A_MESSAGE, 422,
                    "The MIME structure of the message is broken beyond repair (" + e.getMessage() + ").");
        }
    }

    private static boolean thrownByMime4j(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("org.apache.james.mime4j.");
    }
}
