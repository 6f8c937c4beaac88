package dev.mx20.dsn.taxonomy;

/**
 * The verdict for one recipient.
 *
 * @param category    the coarse, Sisimai-compatible reason
 * @param cause       the fine-grained, stable cause identifier (kebab-case, see {@code docs/taxonomy.md})
 * @param permanence  hard bounce, soft bounce, or not a failure
 * @param ipv6        {@code true} when IPv6 is part of the cause
 * @param explanation what happened, in plain language
 * @param remedy      what to do about it, in plain language
 * @param evidence    the text of the report that decided the verdict (may be empty, never {@code null})
 */
public record Classification(
        Category category,
        String cause,
        Permanence permanence,
        boolean ipv6,
        String explanation,
        String remedy,
        String evidence) {

    public Classification {
        evidence = evidence == null ? "" : evidence;
    }
}
