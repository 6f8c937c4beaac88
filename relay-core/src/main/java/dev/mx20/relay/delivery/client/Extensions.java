package dev.mx20.relay.delivery.client;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1).
 *
 * @param keywords  extension keywords, upper case
 * @param sizeLimit the SIZE value (RFC 1870 §4), 0 when absent or unlimited
 */
public record Extensions(Set<String> keywords, long sizeLimit) {
    /** What a server that only answered HELO supports: nothing. */
    public static final Extensions NONE = new Extensions(Set.of(), 0);

    public Extensions {
        keywords = Set.copyOf(keywords);
    }

    /** Parses the lines of a 250 EHLO reply; the first line is the server's greeting name. */
    public static Extensions parse(SmtpReply ehlo) {
        Set<String> keys = new HashSet<>();
        long size = 0;
        for (int i = 1; i < ehlo.lines().size(); i++) {
            String[] words = ehlo.lines().get(i).trim().split("[ =]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            String key = words[0].toUpperCase(Locale.ROOT);
            keys.add(key);
            if (key.equals("SIZE") && words.length > 1) {
                try {
                    size = Math.max(0, Long.parseLong(words[1]));
                } catch (NumberFormatException e) {
                    size = 0; // a garbled limit is no limit we can honour
                }
            }
        }
        return new Extensions(keys, size);
    }

    /** Whether the keyword was announced. */
    public boolean has(String keyword) {
        return keywords.contains(keyword.toUpperCase(Locale.ROOT));
    }
}
