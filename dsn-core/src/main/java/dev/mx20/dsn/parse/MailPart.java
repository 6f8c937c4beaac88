package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;

import java.util.List;

/**
 * One leaf body of the message as mime4j delivered it, transfer-decoded and charset-decoded.
 *
 * @param mimeType           the lower-case media type, e.g. {@code text/plain}, {@code message/delivery-status}
 * @param headers            the part's own header fields (unfolded, RFC 2047 not decoded)
 * @param text               the decoded body text (possibly cut at the per-part limit)
 * @param insideAttachedMessage whether the part belongs to a returned {@code message/rfc822} (the original
 *                           message rather than the report)
 */
record MailPart(String mimeType, List<Field> headers, String text, boolean insideAttachedMessage) {

    boolean isText() {
        return mimeType.startsWith("text/");
    }

    boolean is(String type) {
        return mimeType.equals(type);
    }
}
