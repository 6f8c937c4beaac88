package dev.mx20.rest.dsn.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@link ReportJson} with Jackson's streaming generator, field by field, the same bytes as the service's
 * Jackson databind wrote before (names in alphabetical order, as the service's ObjectMapper orders these records;
 * null values written as {@code null}, empty lists as {@code []}); the tests compare them with databind's output.
 *
 * <p>Why not databind: JSON was the largest service-side cost of a batch entry (3-5 µs of the ~1.3 KB entry, measured
 * in docs/benchmarks.md, rest-api), and most of its bytes are the same in every answer: the explanation and remedy
 * texts are fixed per cause (a few hundred bytes per recipient), and kind, action, category, cause and permanence
 * come from closed sets. Those strings are escaped once into UTF-8 ({@link SerializedString} keeps its quoted bytes)
 * and copied from then on; only the per-message values (addresses, diagnostics, evidence) are escaped per answer.
 * Thread-safe (Jackson shares one serializer instance between threads).
 */
public final class ReportJsonSerializer extends StdSerializer<ReportJson> {
    /**
     * At most this many distinct recurring strings are kept escaped. The texts come from dsn-core's closed set of
     * causes (a few variants each), far fewer than this; the cap only keeps a future dynamic text from growing the
     * cache without bound: past it, strings are escaped per answer as before.
     */
    static final int MAX_CACHED = 2048;
    private static final Map<String, SerializedString> ESCAPED = new ConcurrentHashMap<>();

    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString FORMAT = new SerializedString("format");
    private static final SerializedString REPORTING_MTA = new SerializedString("reportingMta");
    private static final SerializedString DSN_GATEWAY = new SerializedString("dsnGateway");
    private static final SerializedString RECEIVED_FROM_MTA = new SerializedString("receivedFromMta");
    private static final SerializedString ARRIVAL_DATE = new SerializedString("arrivalDate");
    private static final SerializedString ORIGINAL_ENVELOPE_ID = new SerializedString("originalEnvelopeId");
    private static final SerializedString EXTENSION_FIELDS = new SerializedString("extensionFields");
    private static final SerializedString ORIGINAL = new SerializedString("original");
    private static final SerializedString RECIPIENTS = new SerializedString("recipients");
    private static final SerializedString WARNINGS = new SerializedString("warnings");

    private static final SerializedString MESSAGE_ID = new SerializedString("messageId");
    private static final SerializedString FROM = new SerializedString("from");
    private static final SerializedString TO = new SerializedString("to");
    private static final SerializedString SUBJECT = new SerializedString("subject");
    private static final SerializedString DATE = new SerializedString("date");

    private static final SerializedString FINAL_RECIPIENT = new SerializedString("finalRecipient");
    private static final SerializedString ORIGINAL_RECIPIENT = new SerializedString("originalRecipient");
    private static final SerializedString ACTION = new SerializedString("action");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString REMOTE_MTA = new SerializedString("remoteMta");
    private static final SerializedString DIAGNOSTIC = new SerializedString("diagnostic");
    private static final SerializedString LAST_ATTEMPT_DATE = new SerializedString("lastAttemptDate");
    private static final SerializedString WILL_RETRY_UNTIL = new SerializedString("willRetryUntil");
    private static final SerializedString FINAL_LOG_ID = new SerializedString("finalLogId");
    private static final SerializedString CATEGORY = new SerializedString("category");
    private static final SerializedString CAUSE = new SerializedString("cause");
    private static final SerializedString PERMANENCE = new SerializedString("permanence");
    private static final SerializedString IPV6 = new SerializedString("ipv6");
    private static final SerializedString EXPLANATION = new SerializedString("explanation");
    private static final SerializedString REMEDY = new SerializedString("remedy");
    private static final SerializedString EVIDENCE = new SerializedString("evidence");

    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString TEXT = new SerializedString("text");
    private static final SerializedString REPLY_CODE = new SerializedString("replyCode");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString VALUE = new SerializedString("value");

    public ReportJsonSerializer() {
        super(ReportJson.class);
    }

    @Override
    public void serialize(ReportJson r, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ARRIVAL_DATE);
        g.writeString(r.arrivalDate());
        g.writeFieldName(DSN_GATEWAY);
        g.writeString(r.dsnGateway());
        g.writeFieldName(EXTENSION_FIELDS);
        fields(g, r.extensionFields());
        g.writeFieldName(FORMAT);
        recurring(g, r.format());
        g.writeFieldName(KIND);
        recurring(g, r.kind());
        g.writeFieldName(ORIGINAL);
        original(g, r.original());
        g.writeFieldName(ORIGINAL_ENVELOPE_ID);
        g.writeString(r.originalEnvelopeId());
        g.writeFieldName(RECEIVED_FROM_MTA);
        g.writeString(r.receivedFromMta());
        g.writeFieldName(RECIPIENTS);
        if (r.recipients() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (RecipientJson recipient : r.recipients()) {
                recipient(g, recipient);
            }
            g.writeEndArray();
        }
        g.writeFieldName(REPORTING_MTA);
        g.writeString(r.reportingMta());
        g.writeFieldName(WARNINGS);
        strings(g, r.warnings());
        g.writeEndObject();
    }

    private static void original(JsonGenerator g, OriginalJson o) throws IOException {
        if (o == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName(DATE);
        g.writeString(o.date());
        g.writeFieldName(FROM);
        g.writeString(o.from());
        g.writeFieldName(MESSAGE_ID);
        g.writeString(o.messageId());
        g.writeFieldName(SUBJECT);
        g.writeString(o.subject());
        g.writeFieldName(TO);
        g.writeString(o.to());
        g.writeEndObject();
    }

    private static void recipient(JsonGenerator g, RecipientJson r) throws IOException {
        if (r == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName(ACTION);
        recurring(g, r.action());
        g.writeFieldName(CATEGORY);
        recurring(g, r.category());
        g.writeFieldName(CAUSE);
        recurring(g, r.cause());
        g.writeFieldName(DIAGNOSTIC);
        diagnostic(g, r.diagnostic());
        g.writeFieldName(EVIDENCE);
        g.writeString(r.evidence());
        g.writeFieldName(EXPLANATION);
        recurring(g, r.explanation());
        g.writeFieldName(EXTENSION_FIELDS);
        fields(g, r.extensionFields());
        g.writeFieldName(FINAL_LOG_ID);
        g.writeString(r.finalLogId());
        g.writeFieldName(FINAL_RECIPIENT);
        g.writeString(r.finalRecipient());
        g.writeFieldName(IPV6);
        g.writeBoolean(r.ipv6());
        g.writeFieldName(LAST_ATTEMPT_DATE);
        g.writeString(r.lastAttemptDate());
        g.writeFieldName(ORIGINAL_RECIPIENT);
        g.writeString(r.originalRecipient());
        g.writeFieldName(PERMANENCE);
        recurring(g, r.permanence());
        g.writeFieldName(REMEDY);
        recurring(g, r.remedy());
        g.writeFieldName(REMOTE_MTA);
        g.writeString(r.remoteMta());
        g.writeFieldName(STATUS);
        g.writeString(r.status()); // from the message: not a closed set
        g.writeFieldName(WILL_RETRY_UNTIL);
        g.writeString(r.willRetryUntil());
        g.writeEndObject();
    }

    private static void diagnostic(JsonGenerator g, DiagnosticJson d) throws IOException {
        if (d == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName(REPLY_CODE);
        if (d.replyCode() == null) {
            g.writeNull();
        } else {
            g.writeNumber(d.replyCode().intValue());
        }
        g.writeFieldName(TEXT);
        g.writeString(d.text());
        g.writeFieldName(TYPE);
        g.writeString(d.type()); // from the message: not a closed set
        g.writeEndObject();
    }

    private static void fields(JsonGenerator g, List<FieldJson> fields) throws IOException {
        if (fields == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (FieldJson f : fields) {
            if (f == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            g.writeFieldName(NAME);
            g.writeString(f.name());
            g.writeFieldName(VALUE);
            g.writeString(f.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, List<String> strings) throws IOException {
        if (strings == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String s : strings) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** A string from a small recurring set (ids, cause texts): escaped once, then copied. */
    private static void recurring(JsonGenerator g, String s) throws IOException {
        if (s == null) {
            g.writeNull();
            return;
        }
        SerializableString escaped = ESCAPED.get(s);
        if (escaped == null) {
            if (ESCAPED.size() >= MAX_CACHED || hasSurrogate(s)) {
                g.writeString(s);
                return;
            }
            escaped = ESCAPED.computeIfAbsent(s, SerializedString::new);
        }
        g.writeString(escaped);
    }

    /**
     * The generator writes a surrogate pair as two backslash-u escapes, {@link SerializedString} as one 4-byte UTF-8
     * sequence: both valid JSON, but not the same bytes, so such a string is never pre-escaped.
     */
    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
