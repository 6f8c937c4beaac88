package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Evaluates a domain's SPF policy (RFC 7208 §4-§6) for one client address, counting DNS-querying terms and void
 * lookups as §4.6.4 requires. Macros (§7) are expanded ({@link SpfMacros}) for a stand-in message from
 * {@code postmaster@<domain>} with the relay's EHLO name; without a client address (the limits-only pass) a term
 * whose macros need the address ({@code %{i}}, {@code %{p}}, {@code %{v}}) is counted, noted in
 * {@link Result#notes()} and treated as not matching.
 */
final class SpfEvaluator {
    /** RFC 7208 §4.6.4. */
    static final int MAX_LOOKUPS = 10;
    static final int MAX_VOID_LOOKUPS = 2;
    static final int MAX_MX_OR_PTR_NAMES = 10;

    enum Verdict { PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, PERMERROR, TEMPERROR }

    /**
     * @param verdict   the SPF result for the address
     * @param record    the top-level SPF record, if exactly one
     * @param lookups   DNS-querying terms evaluated
     * @param voids     void lookups
     * @param notes     why the verdict is what it is (errors, macros skipped)
     */
    record Result(Verdict verdict, String record, int lookups, int voids, List<String> notes) {
    }

    /** The stand-in sender's local part: every mail domain must accept postmaster (RFC 5321 §4.5.1). */
    static final String SENDER_LOCAL_PART = "postmaster";

    private final CheckContext ctx;
    private String senderDomain;
    private int lookups;
    private int voids;
    private final List<String> notes = new ArrayList<>();

    private SpfEvaluator(CheckContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Evaluates for {@code ip}; with {@code ip == null} nothing matches, so every term of every include is
     * visited: that gives the lookup counts whatever the client (a real evaluation stops at the first match).
     */
    static Result evaluate(CheckContext ctx, String domain, String ip) {
        SpfEvaluator e = new SpfEvaluator(ctx);
        e.senderDomain = DnsNames.normalize(domain);
        byte[] client = ip == null ? null : IpAddresses.parse(ip).orElseThrow();
        String[] record = new String[1];
        Verdict v;
        try {
            v = e.check(DnsNames.normalize(domain), client, 0, record);
        } catch (SpfError err) {
            e.notes.add(err.getMessage());
            v = err.verdict;
        }
        return new Result(v, record[0], e.lookups, e.voids, e.notes);
    }

    private static final class SpfError extends RuntimeException {
        final Verdict verdict;

        SpfError(Verdict verdict, String message) {
            super(message);
            this.verdict = verdict;
        }
    }

    private Verdict check(String domain, byte[] client, int depth, String[] recordOut) {
        DnsAnswer txt = ctx.ask(domain, RecordType.TXT);
        if (txt.status().isFailure()) {
            throw new SpfError(Verdict.TEMPERROR, "TXT lookup for " + domain + " failed: " + txt.status());
        }
        List<String> spf = txt.data().stream().filter(SpfEvaluator::isSpf).toList();
        if (spf.isEmpty()) {
            return Verdict.NONE;
        }
        if (spf.size() > 1) {
            throw new SpfError(Verdict.PERMERROR, domain + " publishes " + spf.size() + " SPF records (RFC 7208 §4.5)");
        }
        String record = spf.get(0);
        if (depth == 0) {
            recordOut[0] = record;
        }
        String[] terms = record.strip().split("\\s+");
        String redirect = null;
        boolean sawAll = false;
        for (int i = 1; i < terms.length; i++) {
            String term = terms[i];
            char qualifier = '+';
            String body = term;
            if ("+-~?".indexOf(term.charAt(0)) >= 0) {
                qualifier = term.charAt(0);
                body = term.substring(1);
            }
            String lower = body.toLowerCase(Locale.ROOT);
            String name = lower.split("[:/=]", 2)[0];
            if (lower.contains("=") && !List.of("include", "a", "mx", "ptr", "ip4", "ip6", "exists", "all").contains(name)) {
                if (name.equals("redirect")) {
                    redirect = body.substring(body.indexOf('=') + 1);
                } else if (!name.matches("[a-z][a-z0-9_.-]*")) {
                    throw new SpfError(Verdict.PERMERROR, "bad modifier " + term);
                }
                continue; // exp= and unknown modifiers are ignored (RFC 7208 §6)
            }
            sawAll |= name.equals("all");
            if (matches(name, body, domain, client, depth, qualifier)) {
                return switch (qualifier) {
                    case '-' -> Verdict.FAIL;
                    case '~' -> Verdict.SOFTFAIL;
                    case '?' -> Verdict.NEUTRAL;
                    default -> Verdict.PASS;
                };
            }
        }
        if (redirect != null && !sawAll) { // RFC 7208 §6.1: redirect is ignored when "all" is present
            countLookup();
            String target = expandTarget(redirect, domain, client, "redirect=" + redirect);
            if (target == null) {
                return Verdict.NEUTRAL;
            }
            Verdict v = check(DnsNames.normalize(target), client, depth == 0 ? 0 : depth + 1, new String[1]);
            if (v == Verdict.NONE) {
                throw new SpfError(Verdict.PERMERROR, "redirect target " + target + " has no SPF record");
            }
            return v;
        }
        return Verdict.NEUTRAL;
    }

    private boolean matches(String name, String body, String domain, byte[] client, int depth, char qualifier) {
        String arg = body.contains(":") ? body.substring(body.indexOf(':') + 1) : "";
        switch (name) {
            case "all":
                return client != null;
            case "ip4":
            case "ip6": {
                String[] parts = arg.split("/", 2);
                Optional<byte[]> net = IpAddresses.parse(parts[0]);
                if (net.isEmpty() || (name.equals("ip4") != (net.get().length == 4))) {
                    throw new SpfError(Verdict.PERMERROR, "bad " + name + " term: " + body);
                }
                int bits = parts.length == 2 ? parseBits(parts[1], net.get().length * 8, body) : net.get().length * 8;
                return client != null && inNetwork(client, net.get(), bits);
            }
            case "a":
            case "mx": {
                countLookup();
                String[] spec = splitCidr(arg.isEmpty() ? body.substring(name.length()) : arg, body);
                String target = spec[0].isEmpty() ? domain : expandTarget(spec[0], domain, client, body);
                if (target == null) {
                    return false;
                }
                int v4bits = spec[1].isEmpty() ? 32 : parseBits(spec[1], 32, body);
                int v6bits = spec[2].isEmpty() ? 128 : parseBits(spec[2], 128, body);
                List<String> hosts;
                if (name.equals("mx")) {
                    DnsAnswer mx = ask(target, RecordType.MX);
                    hosts = mx.data().stream().map(MxRecord::parse).flatMap(Optional::stream)
                            .filter(m -> !m.isNull()).map(MxRecord::host).toList();
                    if (hosts.size() > MAX_MX_OR_PTR_NAMES) {
                        throw new SpfError(Verdict.PERMERROR, "mx:" + target + " has more than 10 MX names (RFC 7208 §4.6.4)");
                    }
                } else {
                    hosts = List.of(target);
                }
                if (client == null) {
                    if (name.equals("a")) {
                        ask(target, RecordType.A); // counted for void lookups like a real evaluation
                    }
                    return false;
                }
                RecordType family = client.length == 4 ? RecordType.A : RecordType.AAAA;
                int bits = client.length == 4 ? v4bits : v6bits;
                for (String host : hosts) {
                    DnsAnswer addrs = name.equals("a") ? ask(host, family) : ctx.ask(host, family);
                    for (String address : addrs.data()) {
                        if (IpAddresses.parse(address).map(b -> inNetwork(client, b, bits)).orElse(false)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            case "include": {
                countLookup();
                if (arg.isEmpty()) {
                    throw new SpfError(Verdict.PERMERROR, "include without a domain");
                }
                String target = expandTarget(arg, domain, client, body);
                if (target == null) {
                    return false;
                }
                Verdict v = check(DnsNames.normalize(target), client, depth + 1, new String[1]);
                return switch (v) {
                    case PASS -> true;
                    case FAIL, SOFTFAIL, NEUTRAL -> false;
                    case TEMPERROR -> throw new SpfError(Verdict.TEMPERROR, "include:" + arg + " temperror");
                    default -> throw new SpfError(Verdict.PERMERROR, "include:" + arg + " has no valid SPF record");
                };
            }
            case "exists": {
                countLookup();
                String target = expandTarget(arg, domain, client, body);
                if (target == null) {
                    return false;
                }
                return ask(target, RecordType.A).hasData() && client != null;
            }
            case "ptr":
                countLookup();
                notes.add("the ptr mechanism is deprecated (RFC 7208 §5.5) and not evaluated here");
                return false;
            default:
                throw new SpfError(Verdict.PERMERROR, "unknown mechanism " + body);
        }
    }

    /**
     * The domain-spec with its macros expanded (RFC 7208 §7), or null when it needs the client address and
     * there is none (noted). A macro error is a permanent error (§7.1).
     */
    private String expandTarget(String spec, String domain, byte[] client, String term) {
        if (!SpfMacros.hasMacro(spec)) {
            return spec;
        }
        if (client == null && SpfMacros.needsClient(spec)) {
            notes.add(term + " depends on the client address (macro); not evaluated without one");
            return null;
        }
        try {
            String expanded = SpfMacros.expandDomain(spec, new SpfMacros.Context(SENDER_LOCAL_PART, senderDomain,
                    domain, client, ctx.config().effectiveHeloName()));
            notes.add(term + " expanded to " + expanded + " (sender " + SENDER_LOCAL_PART + "@" + senderDomain + ")");
            return expanded;
        } catch (IllegalArgumentException e) {
            throw new SpfError(Verdict.PERMERROR, "bad macro in " + term + ": " + e.getMessage());
        }
    }

    private DnsAnswer ask(String name, RecordType type) {
        DnsAnswer a = ctx.ask(name, type);
        if (a.status().isFailure()) {
            throw new SpfError(Verdict.TEMPERROR, name + " " + type + " lookup failed: " + a.status());
        }
        if (a.status().isVoid()) {
            voids++;
            if (voids > MAX_VOID_LOOKUPS) {
                throw new SpfError(Verdict.PERMERROR, "more than " + MAX_VOID_LOOKUPS + " void lookups (RFC 7208 §4.6.4)");
            }
        }
        return a;
    }

    private void countLookup() {
        lookups++;
        if (lookups > MAX_LOOKUPS) {
            throw new SpfError(Verdict.PERMERROR, "more than " + MAX_LOOKUPS + " DNS-querying terms (RFC 7208 §4.6.4)");
        }
    }

    /**
     * The qualifier of the record's own "all" term, read from the text (evaluation stops at the first match, so
     * it cannot tell): '\0' when there is none, 'r' when there is none but a redirect decides instead.
     */
    static char allQualifier(String record) {
        boolean redirect = false;
        for (String term : record.strip().split("\\s+")) {
            String t = term.toLowerCase(Locale.ROOT);
            char q = "+-~?".indexOf(t.charAt(0)) >= 0 ? t.charAt(0) : '+';
            String body = "+-~?".indexOf(t.charAt(0)) >= 0 ? t.substring(1) : t;
            if (body.equals("all")) {
                return q;
            }
            redirect |= body.startsWith("redirect=");
        }
        return redirect ? 'r' : '\0';
    }

    static boolean isSpf(String txt) {
        String t = txt.strip().toLowerCase(Locale.ROOT);
        return t.equals("v=spf1") || t.startsWith("v=spf1 ");
    }

    /** Splits "host/24//64" (or "/24//64") into host, IPv4 bits, IPv6 bits. */
    private static String[] splitCidr(String spec, String term) {
        String host = spec;
        String v4 = "";
        String v6 = "";
        int dbl = host.indexOf("//");
        if (dbl >= 0) {
            v6 = host.substring(dbl + 2);
            host = host.substring(0, dbl);
        }
        int single = host.indexOf('/');
        if (single >= 0) {
            v4 = host.substring(single + 1);
            host = host.substring(0, single);
        }
        return new String[]{host, v4, v6};
    }

    private static int parseBits(String text, int max, String term) {
        if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > max) {
            throw new SpfError(Verdict.PERMERROR, "bad prefix length in " + term);
        }
        return Integer.parseInt(text);
    }

    static boolean inNetwork(byte[] address, byte[] network, int bits) {
        if (address.length != network.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
