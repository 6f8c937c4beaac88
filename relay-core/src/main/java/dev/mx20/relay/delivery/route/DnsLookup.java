package dev.mx20.relay.delivery.route;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks DNS one question at a time with dnsjava and classifies the answer (found / NODATA / NXDOMAIN / transient).
 *
 * <p>dnsjava's {@code Lookup} is not used: it caches and merges NXDOMAIN, NODATA and SERVFAIL in ways that would
 * blur the permanent/transient distinction RFC 5321 §5.1 needs, so queries go straight to a {@link Resolver}
 * and the RCODE is read here. CNAME chains are followed (up to {@value #MAX_CNAME_DEPTH} links), both inside one
 * answer and by asking again for the chain's end.
 */
public final class DnsLookup {
    static final int MAX_CNAME_DEPTH = 8;

    private final Resolver resolver;

    /** Uses the given resolver as is. */
    public DnsLookup(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * A lookup against the given servers (or the system's resolvers when {@code servers} is empty), each query
     * allowed {@code timeout}.
     */
    public static DnsLookup create(List<InetSocketAddress> servers, Duration timeout) {
        Resolver r;
        if (servers.isEmpty()) {
            ExtendedResolver ext = new ExtendedResolver();
            ext.setTimeout(timeout);
            r = ext;
        } else if (servers.size() == 1) {
            SimpleResolver simple = new SimpleResolver(servers.get(0));
            simple.setTimeout(timeout);
            r = simple;
        } else {
            List<Resolver> list = new ArrayList<>();
            for (InetSocketAddress a : servers) {
                SimpleResolver simple = new SimpleResolver(a);
                simple.setTimeout(timeout);
                list.add(simple);
            }
            ExtendedResolver ext = new ExtendedResolver(list);
            ext.setTimeout(timeout);
            r = ext;
        }
        return new DnsLookup(r);
    }

    /** Asks for records of {@code type} (a {@link Type} constant) at {@code name} (absolute or relative to root). */
    public DnsAnswer query(String name, int type) {
        Name qname;
        try {
            qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return new DnsAnswer(DnsAnswer.Kind.INVALID, List.of(), "invalid domain name: " + e.getMessage());
        }
        int links = 0; // CNAME links followed so far, over all queries
        while (links <= MAX_CNAME_DEPTH) {
            Message response;
            try {
                response = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
            } catch (IOException e) {
                return new DnsAnswer(DnsAnswer.Kind.TRANSIENT, List.of(), "timeout or network error: " + e.getMessage());
            }
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new DnsAnswer(DnsAnswer.Kind.NXDOMAIN, List.of(), "Host not found");
            }
            if (rcode != Rcode.NOERROR) {
                return new DnsAnswer(DnsAnswer.Kind.TRANSIENT, List.of(), "server answered " + Rcode.string(rcode));
            }
            List<Record> answer = response.getSection(Section.ANSWER);
            Name current = qname;
            boolean moved = true;
            // Walk the CNAME chain inside this answer (RFC 1034 §3.6.2: the server may include it).
            while (moved && links <= MAX_CNAME_DEPTH) {
                moved = false;
                for (Record r : answer) {
                    if (r.getType() == Type.CNAME && r.getName().equals(current) && type != Type.CNAME) {
                        current = ((CNAMERecord) r).getTarget();
                        links++;
                        moved = true;
                        break;
                    }
                }
            }
            List<Record> found = new ArrayList<>();
            for (Record r : answer) {
                if (r.getType() == type && r.getName().equals(current)) {
                    found.add(r);
                }
            }
            if (!found.isEmpty()) {
                return new DnsAnswer(DnsAnswer.Kind.FOUND, found, "");
            }
            if (current.equals(qname)) {
                return new DnsAnswer(DnsAnswer.Kind.NODATA, List.of(), "Host found but no data record of type "
                        + Type.string(type));
            }
            qname = current; // the chain ends outside this answer: ask for its end
        }
        return new DnsAnswer(DnsAnswer.Kind.TRANSIENT, List.of(), "CNAME chain longer than " + MAX_CNAME_DEPTH);
    }
}
