package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.model.Field;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.ByteSequence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Walks a message with mime4j's pull parser ({@link MimeTokenStream}) and keeps only what bounce parsing needs.
 * Chosen over the DOM because it never builds bodies it does not need (the returned original message's
 * bodies are skipped unread) and it lets every limit of {@link DsnLimits} be enforced while reading.
 */
final class MimeReader {
    /** Decoded text kept per leaf part; bounce texts are a few KiB, the rest is attachments. */
    static final int MAX_PART_TEXT_BYTES = 256 * 1024;
    /** Longest physical line mime4j accepts before giving up on the entity (hostile input only). */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** Leaf parts recorded per message; beyond this the message is a bomb, not a bounce. */
    static final int MAX_PARTS = 256;

    private final DsnLimits limits;
    private final MimeConfig config;

    MimeReader(DsnLimits limits) {
        this.limits = limits;
        this.config = new MimeConfig.Builder()
                .setStrictParsing(false)
                .setMaxHeaderLen(limits.maxHeaderBytes())
                .setMaxHeaderCount(limits.maxHeaderCount())
                .setMaxLineLen(Math.max(MAX_LINE_BYTES, limits.maxHeaderBytes()))
                .setMalformedHeaderStartsBody(true)
                .build();
    }

    ParsedMail read(InputStream raw) throws DsnParseException {
        LimitedInputStream in = new LimitedInputStream(raw, limits.maxMessageBytes());
        byte[] bytes;
        try {
            // Read once, bounded: a broken multipart is then re-parsed without asking the caller again.
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new DsnParseException("cannot read the message: " + e.getMessage(), e);
        }
        return read(bytes, in.truncated());
    }

    /**
     * Reads a message the caller already holds in memory, without copying it (the array is only read).
     * Same result as {@link #read(InputStream)} on the same bytes: past {@link DsnLimits#maxMessageBytes()}
     * only the first bytes are read, with the same warning.
     */
    ParsedMail read(byte[] message) throws DsnParseException {
        if (message.length > limits.maxMessageBytes()) {
            return read(java.util.Arrays.copyOf(message, (int) limits.maxMessageBytes()), true);
        }
        return read(message, false);
    }

    private ParsedMail read(byte[] bytes, boolean truncated) throws DsnParseException {
        List<String> warnings = new ArrayList<>(2);
        if (truncated) {
            warnings.add("message longer than " + limits.maxMessageBytes() + " bytes; read only that much");
        }
        int start = mboxFromLineEnd(bytes);
        ParsedMail mail = walk(bytes, start, warnings);
        if (mail.parts().isEmpty() && mail.contentType().startsWith("multipart/")) {
            byte[] repaired = BoundaryRepair.repair(bytes, start, Headers.first(mail.headers(), "Content-Type"));
            if (repaired != null) {
                List<String> w2 = new ArrayList<>(warnings);
                w2.add("the boundary parameter does not match the body; used the boundary found in the body");
                ParsedMail again = walk(repaired, 0, w2);
                if (!again.parts().isEmpty()) {
                    return again;
                }
            }
            // No usable boundary at all: read the body as one text part rather than lose it.
            List<String> w3 = new ArrayList<>(warnings);
            w3.add("multipart without parts; body read as text");
            int bodyStart = BoundaryRepair.bodyStart(bytes, start);
            byte[] body = java.util.Arrays.copyOfRange(bytes, bodyStart,
                    Math.min(bytes.length, bodyStart + MAX_PART_TEXT_BYTES));
            String text = decode(body, null, "text/plain", w3);
            return new ParsedMail(mail.headers(), mail.contentType(), mail.reportType(),
                    List.of(new MailPart("text/plain", List.of(), text, false)), mail.attachedHeaders(),
                    List.copyOf(w3));
        }
        return mail;
    }

    private ParsedMail walk(byte[] bytes, int offset, List<String> warnings) throws DsnParseException {
        InputStream in = new java.io.ByteArrayInputStream(bytes, offset, bytes.length - offset);
        // The same fields and body descriptors as mime4j's default builders, with less work per header line.
        LeanFieldBuilder fields = new LeanFieldBuilder(config.getMaxHeaderLen());
        MimeTokenStream stream = new MimeTokenStream(config, DecodeMonitor.SILENT, fields,
                new LeanBodyDescriptorBuilder());
        stream.parse(in);
        BodyBuffer body = BODY.get();
        try {
            return walk(stream, fields, body, warnings);
        } finally {
            if (body.bytes.length > BodyBuffer.KEEP_BYTES) {
                BODY.remove(); // a large body grew it: do not keep that for the thread's lifetime
            }
        }
    }

    /**
     * The decoded-body buffer, reused from message to message on each thread: a new one per message was the
     * largest single allocation of the parser (4 KiB or more, zeroed, for every message). Each part's bytes are
     * decoded into a new String before the next part is read, so nothing carries over. (mime4j's own 4 KiB
     * header field builder is not reused the same way: it changed results, a returned message's header fields
     * went missing after certain earlier messages; after a malformed header line mime4j lends the builder's array
     * to its line reader, so who owns that array is mime4j's business. See docs/benchmarks.md.)
     */
    private static final ThreadLocal<BodyBuffer> BODY = ThreadLocal.withInitial(BodyBuffer::new);

    private ParsedMail walk(MimeTokenStream stream, LeanFieldBuilder fields, BodyBuffer body, List<String> warnings)
            throws DsnParseException {
        // Every header keeps mime4j's fields and builds a value only when a reader asks for it (LazyHeader): the
        // report's own header, the returned message's (a few fields kept) and each part's (its Content-* fields).
        LazyHeader top = new LazyHeader(MimeReader::toField);
        LazyHeader attached = new LazyHeader(MimeReader::toField, 8);
        LazyHeader current = top;
        int keep = KEEP_ALL;      // which fields of the current header are worth decoding
        List<MailPart> parts = new ArrayList<>();
        int messageDepth = 0;     // 1 = the report itself, 2+ = inside a returned message/rfc822
        int nesting = 0;          // multipart + message nesting, bounded by DsnLimits.maxNestingDepth
        boolean attachedSeen = false;
        boolean flattened = false;
        boolean reportTextSeen = false; // a non-empty part BounceText joins: later HTML alternatives go unread
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_MESSAGE -> {
                        messageDepth++;
                        nesting++;
                        if (messageDepth == 2 && !attachedSeen) {
                            attachedSeen = true;
                            current = attached;
                            keep = KEEP_ORIGINAL;
                        } else if (messageDepth > 1) {
                            current = new LazyHeader(MimeReader::toField, 4);
                            keep = KEEP_CONTENT; // a later returned message: only its MIME structure matters
                        } else {
                            current = top;
                            keep = KEEP_ALL;
                        }
                        fields.keeping(keep); // the header's fields are built on the next calls
                    }
                    case T_END_MESSAGE -> {
                        messageDepth--;
                        nesting--;
                    }
                    case T_START_MULTIPART -> nesting++;
                    case T_END_MULTIPART -> nesting--;
                    case T_START_BODYPART -> {
                        current = new LazyHeader(MimeReader::toField, 4);
                        keep = KEEP_CONTENT;
                        fields.keeping(keep);
                    }
                    case T_FIELD -> {
                        org.apache.james.mime4j.stream.Field f = stream.getField();
                        if (current.size() < limits.maxHeaderCount() && wantedField(f.getName(), keep)) {
                            current.addRaw(f); // mime4j's RawField owns a copy of its bytes
                        }
                    }
                    case T_BODY -> {
                        // The part gets its header list as it is, not a copy: complete (a header precedes its body;
                        // the next part starts a new list), read-only, and a copy would build every value LazyHeader
                        // leaves unbuilt. A message that is not multipart is its own one part: its header is `top`.
                        BodyDescriptor bd = stream.getBodyDescriptor();
                        String type = bd.getMimeType() == null ? "text/plain"
                                : bd.getMimeType().toLowerCase(Locale.ROOT);
                        boolean inside = messageDepth > 1;
                        if (parts.size() >= MAX_PARTS) {
                            if (parts.size() == MAX_PARTS) {
                                warnings.add("more than " + MAX_PARTS + " parts; the rest is ignored");
                            }
                            break;
                        }
                        if (!wanted(type, inside)) {
                            parts.add(new MailPart(type, current, "", inside));
                            break;
                        }
                        if (reportTextSeen && !inside && type.equals("text/html")) {
                            // The HTML alternative of a text already read: BounceText reads HTML only when there is
                            // no plain text, so its decoding (quoted-printable, charset; a quarter of all decoded
                            // bytes in the corpus) is skipped. Recorded empty, as an unread part.
                            parts.add(new MailPart(type, current, "", false));
                            break;
                        }
                        String text = readText(stream, bd, body, warnings);
                        MailPart part = new MailPart(type, current, text, inside);
                        parts.add(part);
                        reportTextSeen |= !text.isEmpty() && BounceText.isReportText(part);
                    }
                    default -> {
                    }
                }
                // RFC 2046 puts no bound on nesting; a hostile message can nest thousands deep. Past the
                // limit, stop recursing: deeper multiparts are read as opaque bodies.
                if (nesting >= limits.maxNestingDepth() && !flattened) {
                    stream.setRecursionMode(RecursionMode.M_FLAT);
                    flattened = true;
                    warnings.add("MIME nesting deeper than " + limits.maxNestingDepth() + "; inner parts not read");
                } else if (flattened && nesting < limits.maxNestingDepth() - 1) {
                    stream.setRecursionMode(RecursionMode.M_RECURSE);
                    flattened = false;
                }
            }
        } catch (MimeException | RuntimeException e) {
            // RuntimeException: mime4j's own state checks (IllegalStateException on some truncated inputs)
            // Limits (header length/count, line length) and malformations end the walk; keep what was read.
            warnings.add("MIME structure not fully readable: " + e.getMessage());
        } catch (StackOverflowError e) {
            // Defence in depth: mime4j chains one stream per nesting level; the nesting limit should prevent this.
            warnings.add("MIME structure too deep to read");
        } catch (IOException e) {
            throw new DsnParseException("cannot read the message: " + e.getMessage(), e);
        }
        String contentType = "text/plain";
        String reportType = null;
        String ct = Headers.first(top, "Content-Type");
        if (ct != null) {
            int semi = ct.indexOf(';');
            String t = (semi >= 0 ? ct.substring(0, semi) : ct).trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                contentType = t;
            }
            if (contentType.equals("multipart/report")) {
                reportType = parameter(ct, "report-type");
            }
        }
        return new ParsedMail(top, contentType, reportType, List.copyOf(parts), attached, List.copyOf(warnings));
    }

    /**
     * Mailbox files start each message with a "From sender date" line (RFC 4155), which is not a header
     * field; mime4j would take it as the start of the body. Returns the offset after it (0 when absent).
     */
    private static int mboxFromLineEnd(byte[] b) {
        if (b.length > 5 && b[0] == 'F' && b[1] == 'r' && b[2] == 'o' && b[3] == 'm' && b[4] == ' ') {
            for (int i = 5; i < b.length; i++) {
                if (b[i] == '\n') {
                    return i + 1;
                }
            }
            return b.length;
        }
        return 0;
    }

    /**
     * Whether a leaf body is worth decoding. Inside the returned original only header parts matter;
     * images, audio and other binaries never carry bounce text.
     */
    private static boolean wanted(String type, boolean insideAttached) {
        if (insideAttached) {
            // Only a wrapped report's status part is read from inside a returned message (some gateways
            // bounce by attaching the whole DSN); bodies of the original are never decoded.
            return type.equals("message/delivery-status") || type.equals("message/global-delivery-status");
        }
        return type.startsWith("text/") || type.startsWith("message/") || type.equals("application/json")
                || type.startsWith("multipart/"); // a multipart read flat past the nesting limit
    }

    private static String readText(MimeTokenStream stream, BodyDescriptor bd, BodyBuffer buffer,
                                   List<String> warnings) throws IOException {
        int length;
        boolean cut;
        try (InputStream body = stream.getDecodedInputStream()) {
            length = buffer.fill(body, MAX_PART_TEXT_BYTES);
            cut = length == MAX_PART_TEXT_BYTES && body.read() >= 0;
        }
        if (cut) {
            warnings.add("a " + bd.getMimeType() + " part is longer than " + MAX_PART_TEXT_BYTES
                    + " bytes; only its start was read");
        }
        return decode(buffer.bytes, length, bd.getCharset(), bd.getMimeType(), warnings);
    }

    /**
     * One buffer for every decoded body of a message, grown as needed: {@link InputStream#readNBytes(int)} would
     * allocate an 8 KiB chunk per part and copy the result once more, and the bytes only live until they are
     * decoded into a String.
     */
    private static final class BodyBuffer {
        /** Larger buffers are not kept for reuse. */
        static final int KEEP_BYTES = 64 * 1024;

        byte[] bytes = new byte[4096];

        /** Reads {@code in} to its end or to {@code max} bytes, whichever comes first; returns the length. */
        int fill(InputStream in, int max) throws IOException {
            int n = 0;
            while (n < max) {
                if (n == bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, Math.min(max, bytes.length * 2));
                }
                int r = in.read(bytes, n, Math.min(bytes.length, max) - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n;
        }
    }

    /**
     * Decodes body bytes with the declared charset. Unknown charsets and undeclared 8-bit text are common
     * in bounces: try UTF-8 strictly, then fall back to ISO-8859-1 (which cannot fail) with a warning.
     */
    static String decode(byte[] bytes, String charsetName, String mimeType, List<String> warnings) {
        return decode(bytes, bytes.length, charsetName, mimeType, warnings);
    }

    /** {@link #decode(byte[], String, String, List)} of the first {@code length} bytes. */
    private static String decode(byte[] bytes, int length, String charsetName, String mimeType,
                                 List<String> warnings) {
        boolean global = isGlobal(mimeType);
        Charset cs = null;
        if (global) {
            cs = StandardCharsets.UTF_8; // RFC 6533 §3: global delivery-status and headers are UTF-8
        } else if (charsetName != null && !charsetName.isBlank()) {
            cs = charset(charsetName);
            if (cs == null) {
                warnings.add("unknown charset '" + truncate(charsetName, 40) + "'; decoded as UTF-8/ISO-8859-1");
            }
        }
        if (cs == null) {
            String ascii = asciiOrNull(bytes, length);
            if (ascii != null) {
                return ascii;
            }
        }
        if (cs == null || cs.equals(StandardCharsets.US_ASCII)) {
            String utf8 = strict(bytes, length, "UTF-8");
            return utf8 != null ? utf8 : new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        if (cs.name().startsWith("ISO-2022") && !isAscii(bytes, length)) {
            // ISO-2022 is 7-bit; 8-bit bytes mean the label lies (Japanese carriers send EUC-JP or Shift_JIS
            // under it). Try the likely encodings strictly before giving up on the declared one.
            for (String alt : new String[] {"UTF-8", "EUC-JP", "Shift_JIS"}) {
                String s = strict(bytes, length, alt);
                if (s != null) {
                    warnings.add("body labelled " + cs.name() + " is 8-bit; decoded as " + alt);
                    return s;
                }
            }
        }
        return new String(bytes, 0, length, cs);
    }

    /**
     * {@code mimeType.toLowerCase(Locale.ROOT).startsWith("message/global")}, without lower-casing every part's type:
     * only 'M' and 'm' lower-case to 'm', and lower-casing never shortens a String (the one character it lengthens,
     * U+0130, becomes "i" and a combining dot, neither of which "message/global" has).
     */
    private static boolean isGlobal(String mimeType) {
        if (mimeType == null || mimeType.length() < 14) {
            return false;
        }
        char first = mimeType.charAt(0);
        return (first == 'm' || first == 'M') && mimeType.toLowerCase(Locale.ROOT).startsWith("message/global");
    }

    /**
     * The bytes as a String when they are all 7-bit, else {@code null}: what a byte loop and a Latin-1 copy gave, in
     * the JDK's vectorised ASCII check (US-ASCII decoding copies 7-bit input as it is and turns every other byte
     * into U+FFFD, which no 7-bit byte decodes to).
     */
    private static String asciiOrNull(byte[] bytes, int length) {
        String s = new String(bytes, 0, length, StandardCharsets.US_ASCII);
        return s.indexOf('\uFFFD') < 0 ? s : null;
    }

    static String strictUtf8(byte[] bytes) {
        return strict(bytes, bytes.length, "UTF-8");
    }

    /**
     * Charset lookup with a small cache: {@link Charset#forName} caches only two names and goes through the
     * extended charset provider (slow, it rebuilds its maps) for ISO-2022-JP, EUC-JP and the like, which bounces
     * use a lot. Bounded, because charset names come from untrusted input. {@code null} when unknown.
     */
    static Charset charset(String name) {
        // The name as given first (every part asks again, mostly "utf-8" or "us-ascii"): the answer is a function of
        // it, so remembering it under that name spares the three passes of normalising it.
        java.util.Optional<Charset> given = CHARSETS_BY_GIVEN_NAME.get(name);
        if (given != null) {
            return given.orElse(null);
        }
        Charset cs = charsetNormalised(name);
        if (CHARSETS_BY_GIVEN_NAME.size() < 256) {
            CHARSETS_BY_GIVEN_NAME.put(name, java.util.Optional.ofNullable(cs));
        }
        return cs;
    }

    private static Charset charsetNormalised(String name) {
        String key = name.trim().replace("\"", "").toLowerCase(Locale.ROOT);
        java.util.Optional<Charset> cached = CHARSETS.get(key);
        if (cached == null) {
            Charset cs;
            try {
                cs = Charset.forName(key);
            } catch (RuntimeException e) {
                cs = null;
            }
            cached = java.util.Optional.ofNullable(cs);
            if (CHARSETS.size() < 256) {
                CHARSETS.put(key, cached);
            }
        }
        return cached.orElse(null);
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<Charset>> CHARSETS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<Charset>>
            CHARSETS_BY_GIVEN_NAME = new java.util.concurrent.ConcurrentHashMap<>();

    private static String strict(byte[] bytes, int length, String charset) {
        Charset cs = charset(charset);
        if (cs == null) {
            return null;
        }
        if (cs.equals(StandardCharsets.UTF_8)) {
            // The JDK's own UTF-8 decoding (one pass, no CharBuffer copy) gives the same text for well-formed
            // input and marks malformed input with U+FFFD; only then is the strict decoder needed to tell a real
            // U+FFFD in the text from a malformed sequence.
            String lenient = new String(bytes, 0, length, StandardCharsets.UTF_8);
            if (lenient.indexOf('\uFFFD') < 0) {
                return lenient;
            }
        }
        CharsetDecoder dec = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes, 0, length));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Keep every field but trace and signatures (the report's own header: families test arbitrary fields). */
    static final int KEEP_ALL = 0;
    /** Keep the fields {@code OriginalMessage} reports, plus the few that identify a complaint. */
    static final int KEEP_ORIGINAL = 1;
    /** Keep only {@code Content-*} fields (body-part headers: type, disposition, description). */
    static final int KEEP_CONTENT = 2;

    /**
     * Whether a field is decoded and kept. Decoding (mime4j's body parse, unfolding) is the largest cost of
     * reading a header, and most fields of returned messages and body parts are never looked at.
     */
    static boolean wantedField(String name, int keep) {
        return switch (keep) {
            case KEEP_ALL -> !isTraceOrSignature(name);
            case KEEP_ORIGINAL -> name.equalsIgnoreCase("Message-ID") || name.equalsIgnoreCase("From")
                    || name.equalsIgnoreCase("To") || name.equalsIgnoreCase("Subject")
                    || name.equalsIgnoreCase("Date") || name.equalsIgnoreCase("X-HmXmrOriginalRecipient")
                    || name.regionMatches(true, 0, "Content-", 0, 8);
            default -> name.regionMatches(true, 0, "Content-", 0, 8);
        };
    }

    /**
     * Whether the field in {@code b[0, len)} (one header field, CRLF dropped) has the plain shape
     * ({@link LeanFieldBuilder#plainNameEnd}) and a name {@link #wantedField} does not want in this kind of header:
     * such a field is not built at all. The common wanted names are let through on their first bytes (a report header
     * keeps every name that does not start with r, d, a or x; a part's every {@code Content-} name) before the name
     * is scanned.
     */
    static boolean unwantedPlainField(byte[] b, int len, int keep) {
        if (len == 0) {
            return false;
        }
        if (keep == KEEP_ALL) {
            int c = b[0] | 0x20;
            if (c != 'r' && c != 'd' && c != 'a' && c != 'x') {
                return false;
            }
        } else if (startsWith(b, 0, len, "content-")) {
            return false;
        }
        int end = LeanFieldBuilder.plainNameEnd(b, len);
        return end > 0 && !wantedName(b, 0, end, keep);
    }

    /**
     * {@link #wantedField} of the name {@code b[from, to)} read as Latin-1, without making the String: what
     * {@link #unwantedPlainField} asks before a field is built. An empty name is wanted (the builder's sign
     * that the line is not of the plain shape: mime4j builds it and {@link #wantedField} judges its name). The names
     * the builder passes are printable ASCII, for which {@code equalsIgnoreCase} folds A-Z only, as here
     * ({@code WantedFieldNameTest} compares both on random names).
     */
    static boolean wantedName(byte[] b, int from, int to, int keep) {
        int n = to - from;
        if (n == 0) {
            return true;
        }
        return switch (keep) {
            case KEEP_ALL -> !(n >= 8 && switch (b[from] | 0x20) {
                case 'r' -> is(b, from, to, "received");
                case 'd' -> is(b, from, to, "dkim-signature");
                case 'a' -> startsWith(b, from, to, "arc-") || is(b, from, to, "authentication-results");
                case 'x' -> is(b, from, to, "x-received") || is(b, from, to, "x-google-dkim-signature")
                        || is(b, from, to, "x-gm-message-state") || is(b, from, to, "x-google-smtp-source");
                default -> false;
            });
            case KEEP_ORIGINAL -> is(b, from, to, "message-id") || is(b, from, to, "from") || is(b, from, to, "to")
                    || is(b, from, to, "subject") || is(b, from, to, "date")
                    || is(b, from, to, "x-hmxmroriginalrecipient") || startsWith(b, from, to, "content-");
            default -> startsWith(b, from, to, "content-");
        };
    }

    /** ASCII {@code equalsIgnoreCase} of {@code b[from, to)} and a lower-case literal. */
    private static boolean is(byte[] b, int from, int to, String lower) {
        return to - from == lower.length() && startsWith(b, from, to, lower);
    }

    /** ASCII {@code regionMatches(true, ...)} of the start of {@code b[from, to)} and a lower-case literal. */
    private static boolean startsWith(byte[] b, int from, int to, String lower) {
        if (to - from < lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Trace and signature fields (RFC 5321 §4.4 Received, RFC 6376 DKIM, RFC 8617 ARC) are the bulk of a header
     * and never tell what a report says; they are not kept, which saves unfolding kilobytes per message.
     */
    static boolean isTraceOrSignature(String name) {
        int n = name.length();
        if (n < 8) {
            return false;
        }
        char c = Character.toLowerCase(name.charAt(0));
        return switch (c) {
            case 'r' -> name.equalsIgnoreCase("Received");
            case 'd' -> name.equalsIgnoreCase("DKIM-Signature");
            case 'a' -> name.regionMatches(true, 0, "ARC-", 0, 4)
                    || name.equalsIgnoreCase("Authentication-Results");
            case 'x' -> name.equalsIgnoreCase("X-Received") || name.equalsIgnoreCase("X-Google-DKIM-Signature")
                    || name.equalsIgnoreCase("X-Gm-Message-State") || name.equalsIgnoreCase("X-Google-Smtp-Source");
            default -> false;
        };
    }

    /**
     * A header field from mime4j, unfolded. mime4j decodes raw header bytes as Latin-1; when the field carries
     * 8-bit bytes that form valid UTF-8 (RFC 6532 internationalised headers) they are re-decoded as UTF-8.
     */
    private static Field toField(org.apache.james.mime4j.stream.Field f) {
        if (f instanceof RawField rf && rf.getRaw() instanceof ByteArrayBuffer raw) {
            String ascii = asciiUnfolded(rf, raw);
            if (ascii != null) {
                return new Field(f.getName(), ascii);
            }
        }
        String body = f.getBody() == null ? "" : f.getBody();
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) > 127) {
                ByteSequence raw = f.getRaw();
                if (raw != null) {
                    String utf8 = strictUtf8(raw.toByteArray());
                    if (utf8 != null) {
                        int colon = utf8.indexOf(':');
                        body = colon >= 0 ? utf8.substring(colon + 1) : body;
                    }
                }
                break;
            }
        }
        return new Field(f.getName(), Headers.unfold(body));
    }

    /**
     * The value of a field whose raw bytes are all 7-bit, unfolded ({@link Headers#unfold}), straight from mime4j's
     * buffer: the same text as {@code Headers.unfold(f.getBody())}, the bytes read as Latin-1, made in one pass
     * without mime4j's per-character copy, an intermediate String, a second scan and {@code trim}'s: every kept field of every message goes through here (the three copies
     * and scans were ~3 % of an {@code analyze} profile on small reports). {@code null} when the value has 8-bit
     * bytes. Same text: unfolding drops CR and LF and turns TAB into a space, and {@code trim} then removes the
     * characters up to U+0020 at both ends; every byte above U+0020 is kept as it is, so the result is the
     * unfolding of the bytes from the first to the last byte above U+0020 (mime4j's own unfolding is not needed,
     * as {@code Headers.unfold} drops CR and LF itself).
     */
    static String asciiUnfolded(RawField f, ByteArrayBuffer raw) {
        int len = raw.length();
        int off = f.getDelimiterIdx() + 1;
        byte[] b = raw.buffer();
        int first = -1;
        int last = -1;
        boolean fold = false;
        for (int i = off; i < len; i++) {
            byte c = b[i];
            if (c < 0) {
                return null;
            }
            if (c > ' ') {
                if (first < 0) {
                    first = i;
                }
                last = i;
            } else if (c == '\r' || c == '\n' || c == '\t') {
                fold = true;
            }
        }
        if (first < 0) {
            return "";
        }
        if (!fold) {
            return new String(b, first, last + 1 - first, StandardCharsets.ISO_8859_1);
        }
        byte[] out = new byte[last + 1 - first];
        int n = 0;
        for (int i = first; i <= last; i++) {
            byte c = b[i];
            if (c == '\t') {
                out[n++] = ' ';
            } else if (c != '\r' && c != '\n') {
                out[n++] = c;
            }
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** A Content-Type parameter value, lower-case, unquoted; {@code null} when absent. */
    static String parameter(String contentType, String name) {
        String lower = contentType.toLowerCase(Locale.ROOT);
        int i = 0;
        while ((i = lower.indexOf(name, i)) >= 0) {
            int before = i - 1;
            while (before >= 0 && (lower.charAt(before) == ' ' || lower.charAt(before) == '\t')) {
                before--;
            }
            int eq = i + name.length();
            while (eq < lower.length() && lower.charAt(eq) == ' ') {
                eq++;
            }
            if ((before < 0 || lower.charAt(before) == ';') && eq < lower.length() && lower.charAt(eq) == '=') {
                int start = eq + 1;
                while (start < lower.length() && lower.charAt(start) == ' ') {
                    start++;
                }
                int end = start;
                if (start < lower.length() && lower.charAt(start) == '"') {
                    start++;
                    end = lower.indexOf('"', start);
                    if (end < 0) {
                        end = lower.length();
                    }
                } else {
                    while (end < lower.length() && lower.charAt(end) != ';' && lower.charAt(end) != ' ') {
                        end++;
                    }
                }
                return lower.substring(start, end);
            }
            i += name.length();
        }
        return null;
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
