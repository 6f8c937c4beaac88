package dev.mx20.rest.problem;

/**
 * The problem types this service answers with. Types the HTTP status fully explains use
 * {@code about:blank} with the status phrase as title (RFC 9457 §4.2.1); types that carry more meaning
 * get a {@code tag:} URI (RFC 4151) so that clients can branch on them without dereferencing anything
 * (RFC 9457 §3.1.1 allows non-resolvable type URIs).
 */
public enum ProblemType {
    BAD_REQUEST("about:blank", "Bad Request"),
    NOT_FOUND("about:blank", "Not Found"),
    METHOD_NOT_ALLOWED("about:blank", "Method Not Allowed"),
    NOT_ACCEPTABLE("about:blank", "Not Acceptable"),
    /** The request line is over {@code mx20.http.max-request-line-length} (RFC 9110 §15.5.15). */
    URI_TOO_LONG("about:blank", "URI Too Long"),
    /** The header section is over {@code mx20.http.max-header-size} (RFC 6585 §5). */
    REQUEST_HEADER_FIELDS_TOO_LARGE("about:blank", "Request Header Fields Too Large"),
    UNSUPPORTED_MEDIA_TYPE("about:blank", "Unsupported Media Type"),
    INTERNAL_ERROR("about:blank", "Internal Server Error"),
    /** The request body could not be read (broken connection, malformed chunking, read time-out). */
    UNREADABLE_BODY(tag("unreadable-body"), "Request body unreadable"),
    /** Query or path parameters break a declared constraint. */
    INVALID_PARAMETER(tag("invalid-parameter"), "Invalid parameter"),
    /** The body is not well-formed JSON or does not match the expected JSON shape. */
    MALFORMED_JSON(tag("malformed-json"), "Malformed JSON"),
    /** One message is over {@code mx20.dsn.max-message-size}. */
    MESSAGE_TOO_LARGE(tag("message-too-large"), "Message too large"),
    /** A whole mailbox is over {@code mx20.dsn.batch.max-size}. */
    BATCH_TOO_LARGE(tag("batch-too-large"), "Mailbox too large"),
    /** Any body over the service's ceiling, quarkus.http.limits.max-body-size. */
    BODY_TOO_LARGE(tag("body-too-large"), "Request body too large"),
    /** The body was read but is not an RFC 5322 message (see {@code MessageShape}). */
    NOT_A_MESSAGE(tag("not-a-message"), "Not an RFC 5322 message"),
    /** The body was read but is not an mbox (does not start with a From_ line). */
    NOT_AN_MBOX(tag("not-an-mbox"), "Not an mbox mailbox"),
    /** A /relay/queue endpoint was called but this service does not host the relay ({@code mx20.relay.enabled}). */
    RELAY_NOT_HOSTED(tag("relay-not-hosted"), "Relay not hosted"),
    /** The hosted relay is stopping, or its spool cannot be read: try again later. */
    RELAY_UNAVAILABLE(tag("relay-unavailable"), "Relay unavailable"),
    /** A release of a message in the relay's corrupt queue whose files still cannot be read (or its content is gone). */
    MESSAGE_CORRUPT(tag("message-corrupt"), "Message still corrupt");

    private final String uri;
    private final String title;

    ProblemType(String uri, String title) {
        this.uri = uri;
        this.title = title;
    }

    private static String tag(String name) {
        return "tag:mx20.dev,2025:problem/" + name;
    }

    /** The {@code type} member. */
    public String uri() {
        return uri;
    }

    /** The {@code title} member. */
    public String title() {
        return title;
    }
}
