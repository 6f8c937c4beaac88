package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed MTA-STS policy (RFC 8461 §3.2).
 *
 * @param version   the {@code version} field (must be STSv1)
 * @param mode      enforce, testing or none
 * @param mxPatterns the {@code mx} patterns, lower case
 * @param maxAge    the {@code max_age} in seconds, or -1 when missing or malformed
 * @param problems  what does not conform, empty for a valid policy
 */
public record MtaStsPolicy(String version, String mode, List<String> mxPatterns, long maxAge, List<String> problems) {
    /** RFC 8461 §3.2: max_age is at most 31557600 (about one year). */
    public static final long MAX_AGE_LIMIT = 31_557_600L;
    /** RFC 8461 §3.3 suggests a 64 KiB bound on the policy body. */
    public static final int MAX_POLICY_BYTES = 64 * 1024;

    public MtaStsPolicy {
        mxPatterns = List.copyOf(mxPatterns);
        problems = List.copyOf(problems);
    }

    /** Parses policy text; never throws, problems are listed instead. */
    public static MtaStsPolicy parse(String text) {
        String version = null;
        String mode = null;
        long maxAge = -1;
        List<String> mx = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (text.length() > MAX_POLICY_BYTES) {
            problems.add("policy longer than " + MAX_POLICY_BYTES + " bytes");
            text = text.substring(0, MAX_POLICY_BYTES);
        }
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add("not a key: value line: " + abbreviate(line));
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = value;
                case "mode" -> mode = value.toLowerCase(Locale.ROOT);
                case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
                case "max_age" -> {
                    try {
                        maxAge = value.matches("\\d{1,10}") ? Long.parseLong(value) : -1;
                    } catch (NumberFormatException e) {
                        maxAge = -1;
                    }
                }
                default -> { } // unknown fields are ignored (RFC 8461 §3.2)
            }
        }
        if (!"STSv1".equals(version)) {
            problems.add("version must be STSv1, was " + version);
        }
        if (mode == null || !List.of("enforce", "testing", "none").contains(mode)) {
            problems.add("mode must be enforce, testing or none, was " + mode);
        }
        if (maxAge < 0 || maxAge > MAX_AGE_LIMIT) {
            problems.add("max_age must be an integer from 0 to " + MAX_AGE_LIMIT);
        }
        if (!"none".equals(mode) && mx.isEmpty()) {
            problems.add("no mx line");
        }
        return new MtaStsPolicy(version, mode, mx, maxAge, problems);
    }

    /** True when some {@code mx} pattern matches the host (a leading "*." matches exactly one label, RFC 8461 §4.1). */
    public boolean matches(String host) {
        String h = DnsNames.normalize(host);
        for (String pattern : mxPatterns) {
            String p = DnsNames.normalize(pattern);
            if (p.startsWith("*.")) {
                String suffix = p.substring(1);
                if (h.endsWith(suffix) && h.indexOf('.') == h.length() - suffix.length()) {
                    return true;
                }
            } else if (p.equals(h)) {
                return true;
            }
        }
        return false;
    }

    /** The first problem, if any. */
    public Optional<String> firstProblem() {
        return problems.stream().findFirst();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
