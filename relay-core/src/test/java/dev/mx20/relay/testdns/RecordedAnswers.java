package dev.mx20.relay.testdns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file of recorded DNS answers, the way dnsjava keeps its DNSSEC test answers: per question the whole response
 * message in wire format (hex), so a replay goes through the same parsing as a live answer, plus the message in
 * dig-like presentation as comment lines, for review only.
 *
 * <pre>
 * # free comment (what was recorded, from where, how to record again)
 * question example.com. IN MX
 * ; ;; -&gt;&gt;HEADER&lt;&lt;- opcode: QUERY, status: NOERROR, id: 0   (presentation, ignored when read)
 * wire 8400000100020000...           (the response; several wire lines are joined)
 * </pre>
 *
 * Entries are separated by blank lines. A question that asked for DNSSEC records (the DO bit, RFC 3225) is a
 * different question ({@code question example.com. IN MX +do}): the answers differ (RRSIGs).
 */
public final class RecordedAnswers {
    private static final int HEX_PER_LINE = 64;

    private final Map<String, byte[]> byQuestion;

    private RecordedAnswers(Map<String, byte[]> byQuestion) {
        this.byQuestion = byQuestion;
    }

    /** The key of a query: its question, and whether it asked for DNSSEC records. */
    public static String key(Message query) {
        return key(query, false);
    }

    /**
     * As {@link #key(Message)}; {@code resolverDnssecOk}: the resolver adds an OPT with DO itself (dnsjava's
     * resolvers do after {@code setEDNS(0, 0, ExtendedFlags.DO)}, as {@code ValidatingResolver} asks), so the
     * query as handed over does not show it.
     */
    public static String key(Message query, boolean resolverDnssecOk) {
        Record q = query.getQuestion();
        if (q == null) {
            throw new IllegalArgumentException("a query without a question");
        }
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null ? (opt.getFlags() & ExtendedFlags.DO) != 0 : resolverDnssecOk;
        return q.getName().toString().toLowerCase(Locale.ROOT) + " " + DClass.string(q.getDClass()) + " "
                + Type.string(q.getType()) + (dnssecOk ? " +do" : "");
    }

    /** The recorded response to {@code key}, or null. */
    public byte[] answer(String key) {
        byte[] wire = byQuestion.get(key);
        return wire == null ? null : wire.clone();
    }

    public int size() {
        return byQuestion.size();
    }

    /** Reads a file; anything that is not the format above is an error naming the line. */
    public static RecordedAnswers read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the text of a recording; {@code source} names it in errors. */
    public static RecordedAnswers parse(String text, String source) {
        Map<String, byte[]> answers = new LinkedHashMap<>();
        String question = null;
        StringBuilder hex = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].strip() : "";
            if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.isEmpty()) {
                if (question != null) {
                    answers.put(question, decode(question, hex.toString(), source, i));
                    question = null;
                    hex.setLength(0);
                }
                continue;
            }
            if (line.startsWith("question ")) {
                if (question != null) {
                    throw error(source, i, "a question without an answer before it: " + question);
                }
                question = line.substring("question ".length()).strip().replaceAll("\\s+", " ");
                if (answers.containsKey(question)) {
                    throw error(source, i, "recorded twice: " + question);
                }
            } else if (line.startsWith("wire ")) {
                if (question == null) {
                    throw error(source, i, "an answer without a question");
                }
                hex.append(line.substring("wire ".length()).strip());
            } else {
                throw error(source, i, "neither question, wire, comment nor blank: " + line);
            }
        }
        return new RecordedAnswers(answers);
    }

    private static byte[] decode(String question, String hex, String source, int line) {
        if (hex.isEmpty()) {
            throw error(source, line, "no wire lines for " + question);
        }
        byte[] wire;
        try {
            wire = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw error(source, line, "the answer to " + question + " is not hex: " + e.getMessage());
        }
        Message m;
        try {
            m = new Message(wire);
        } catch (IOException e) {
            throw error(source, line, "the answer to " + question + " is not a DNS message: " + e.getMessage());
        }
        String answered = m.getQuestion() == null ? "(none)" : key(withOptOf(m, question));
        if (!answered.equals(question)) {
            throw error(source, line, "the answer recorded for " + question + " answers " + answered);
        }
        return wire;
    }

    /** The response's question with the DO flag of the recorded key (a response need not echo the OPT). */
    private static Message withOptOf(Message response, String question) {
        Message q = Message.newQuery(response.getQuestion());
        if (question.endsWith(" +do")) {
            q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        return q;
    }

    private static IllegalArgumentException error(String source, int line, String what) {
        return new IllegalArgumentException(source + ":" + line + ": " + what);
    }

    /** Writes exchanges (query key to response) in the format above, sorted by question. */
    public static void write(Path file, String header, Map<String, Message> exchanges) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String h : header.split("\n")) {
            out.append("# ").append(h).append('\n');
        }
        for (Map.Entry<String, Message> e : new TreeMap<>(exchanges).entrySet()) {
            Message response = e.getValue().clone();
            response.getHeader().setID(0); // replays take the query's ID; 0 keeps re-recordings diff-free
            out.append('\n').append("question ").append(e.getKey()).append('\n');
            for (String p : response.toString().split("\n")) {
                if (!p.isBlank()) {
                    out.append("; ").append(p.stripTrailing()).append('\n');
                }
            }
            String hex = HexFormat.of().formatHex(response.toWire());
            for (int i = 0; i < hex.length(); i += HEX_PER_LINE) {
                out.append("wire ").append(hex, i, Math.min(hex.length(), i + HEX_PER_LINE)).append('\n');
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    /** Every question recorded, for messages. */
    public List<String> questions() {
        return new ArrayList<>(byQuestion.keySet());
    }
}
