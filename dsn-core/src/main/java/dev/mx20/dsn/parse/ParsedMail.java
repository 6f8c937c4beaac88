package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;

import java.util.List;
import java.util.Locale;

/**
 * A message reduced to what bounce parsing needs: the top-level header, the leaf parts in document order,
 * and the header of the first returned message. Produced by {@link MimeReader}; immutable.
 *
 * @param headers         top-level header fields in order (unfolded, RFC 2047 not decoded)
 * @param contentType     top-level media type, lower-case ({@code text/plain} when absent)
 * @param reportType      the {@code report-type} parameter of a top-level {@code multipart/report}, lower-case, or
 *                        {@code null}
 * @param parts           leaf parts in document order
 * @param attachedHeaders the header of the first returned {@code message/rfc822}, or an empty list
 * @param warnings        what went wrong while reading
 */
record ParsedMail(List<Field> headers, String contentType, String reportType, List<MailPart> parts,
                  List<Field> attachedHeaders, List<String> warnings) {

    /** The first value of the named top-level header field (case-insensitive), or {@code null}. */
    String header(String name) {
        return Headers.first(headers, name);
    }

    /** The first value of the named top-level header, RFC 2047-decoded, or {@code null}. */
    String decodedHeader(String name) {
        String v = header(name);
        return v == null ? null : Headers.decode(v);
    }

    /** The first part of the given media type that is not inside a returned message, or {@code null}. */
    MailPart firstPart(String mimeType) {
        for (MailPart p : parts) {
            if (!p.insideAttachedMessage() && p.is(mimeType)) {
                return p;
            }
        }
        return null;
    }

    /** Lower-case {@code Subject} (decoded), never {@code null}. */
    String subjectLower() {
        String s = decodedHeader("Subject");
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** Lower-case {@code From} (decoded), never {@code null}. */
    String fromLower() {
        String s = decodedHeader("From");
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
