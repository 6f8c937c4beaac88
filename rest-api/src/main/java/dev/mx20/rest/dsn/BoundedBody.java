package dev.mx20.rest.dsn;

import dev.mx20.rest.problem.ProblemException;
import dev.mx20.rest.problem.ProblemType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body into memory, but never more than a limit: a body announced or found to be larger
 * is refused with 413 as soon as that is known, so a huge upload costs at most {@code limit} bytes of heap.
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    /**
     * Refuses up front a body whose Content-Length is over the limit (before a byte of it is read).
     *
     * @param contentLength the header value, or {@code null}
     */
    public static void checkDeclaredLength(String contentLength, long limit, ProblemType tooLarge, String what) {
        if (contentLength == null) {
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, 400,
                    "Content-Length '" + contentLength + "' is not a number (RFC 9110 §8.6).");
        }
        if (declared > limit) {
            throw new ProblemException(tooLarge, 413, tooLargeDetail(declared, limit, what));
        }
    }

    /** Reads all of {@code in}, failing with 413 once more than {@code limit} bytes arrive. */
    public static byte[] read(InputStream in, long limit, ProblemType tooLarge, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[16384];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw new ProblemException(tooLarge, 413, tooLargeDetail(-1, limit, what));
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new ProblemException(ProblemType.UNREADABLE_BODY, 400,
                    "The request body could not be read (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
        }
        return out.toByteArray();
    }

    static String tooLargeDetail(long size, long limit, String what) {
        return "The " + what + (size >= 0 ? " (" + size + " bytes)" : "") + " is larger than the limit of "
                + limit + " bytes" + (what.equals("message") ? " (mx20.dsn.max-message-size)." : " (mx20.dsn.batch.max-size).");
    }
}
