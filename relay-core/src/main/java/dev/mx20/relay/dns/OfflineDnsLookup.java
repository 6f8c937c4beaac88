package dev.mx20.relay.dns;

import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers from records the caller supplies (zone-file lines, RFC 1035 §5), for planning a setup before
 * publishing it and for deterministic tests. A name with no supplied record is NXDOMAIN; a name with records
 * of other types only (or with records below it) is NODATA.
 */
public final class OfflineDnsLookup implements DnsLookup {
    /** More records than this are refused: a plan never needs them and it bounds memory. */
    public static final int MAX_RECORDS = 5_000;

    private final Map<Name, List<Record>> byOwner;

    private OfflineDnsLookup(Map<Name, List<Record>> byOwner) {
        this.byOwner = byOwner;
    }

    /**
     * Parses one record per line. Relative names are relative to {@code origin}; the TTL may be left out.
     *
     * @throws InvalidRecordException naming the first line that does not parse
     */
    public static OfflineDnsLookup parse(String origin, List<String> lines) {
        if (lines.size() > MAX_RECORDS) {
            throw new InvalidRecordException(MAX_RECORDS, "more than " + MAX_RECORDS + " records");
        }
        Name originName = DnsNames.toName(origin == null ? "invalid" : origin)
                .orElseThrow(() -> new InvalidRecordException(-1, "origin is not a domain name: " + origin));
        Map<Name, List<Record>> byOwner = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null || line.isBlank() || line.strip().startsWith(";")) {
                continue;
            }
            if (line.contains("\n") || line.contains("\r") || line.strip().startsWith("$")) {
                throw new InvalidRecordException(i, "one record per entry, no directives");
            }
            Record r = parseLine(originName, line, i);
            byOwner.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
        }
        return new OfflineDnsLookup(byOwner);
    }

    private static Record parseLine(Name origin, String line, int index) {
        String text = "$TTL 300\n" + line.strip() + "\n";
        try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin)) {
            Record r = master.nextRecord();
            if (r == null) {
                throw new InvalidRecordException(index, "no record");
            }
            if (master.nextRecord() != null) {
                throw new InvalidRecordException(index, "one record per entry");
            }
            return r;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRecordException ire) {
                throw ire;
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // dnsjava prefixes messages with the pseudo file position: drop it, the index says where
            msg = msg.replaceFirst("^[^:]*:\\d+: ", "");
            throw new InvalidRecordException(index, msg);
        }
    }

    @Override
    public CompletionStage<DnsAnswer> lookup(String name, RecordType type) {
        Name qname = DnsNames.toName(name).orElse(null);
        if (qname == null) {
            return CompletableFuture.completedFuture(
                    DnsAnswer.failure(String.valueOf(name), type, DnsStatus.ERROR, "not a valid domain name"));
        }
        List<Record> answer = new ArrayList<>();
        Name current = qname;
        for (int i = 0; i <= Answers.MAX_CHAIN; i++) {
            List<Record> at = byOwner.getOrDefault(current, List.of());
            Record cname = at.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname == null || type == RecordType.CNAME) {
                at.stream().filter(r -> r.getType() == type.code()).forEach(answer::add);
                break;
            }
            answer.add(cname);
            current = ((org.xbill.DNS.CNAMERecord) cname).getTarget();
        }
        int rcode = exists(current) ? Rcode.NOERROR : Rcode.NXDOMAIN;
        return CompletableFuture.completedFuture(Answers.fromResponse(qname, type, rcode, answer));
    }

    private boolean exists(Name name) {
        if (byOwner.containsKey(name)) {
            return true;
        }
        // an empty non-terminal exists too (RFC 8020 §2)
        return byOwner.keySet().stream().anyMatch(owner -> owner.subdomain(name));
    }
}
