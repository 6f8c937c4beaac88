package dev.mx20.relay.dns;

import java.nio.ByteBuffer;

/**
 * Cuts a UDP answer down to its header, question and answer sections when the other two cannot change what a
 * lookup reads from it, so that dnsjava decodes only those. An authoritative server such as NSD fills the
 * authority section with the zone's NS records and the additional section with their addresses (and the
 * addresses of MX targets, RFC 1035 §3.3.9), which {@link LiveDnsLookup} never reads: decoding them (their names,
 * often compressed against a 34-label ip6.arpa name) was about half the records dnsjava built per answer.
 *
 * <p>The lookup reads the RCODE (with the extended bits of an OPT record, RFC 6891 §6.1.3), the header flags, the
 * question, the answer section and, only for an answer without data, the authority section's SOA (the negative
 * TTL, RFC 2308 §5). So an answer is cut only when it cannot be a negative one: header RCODE NOERROR, not
 * truncated, one question, and every answer record owned by the question's name (the compression pointer to
 * offset 12, RFC 1035 §4.1.4) with the question's type; and no OPT record carries extended RCODE bits. Anything
 * else (CNAMEs, RRSIGs, negative answers, a record that does not parse) is left whole, for dnsjava to decode or
 * reject as before. Compression pointers only point backwards, so the kept prefix is self-contained.
 *
 * <p>The walk reads lengths and types only; it builds no names and allocates nothing but the cut copy.
 */
final class AnswerSectionTrim {
    private static final int HEADER = 12;
    private static final int TYPE_OPT = 41;
    private static final int FLAG_TC = 0x0200;
    private static final int RCODE_MASK = 0x000F;
    /** A compression pointer to the question's name, which starts right after the header. */
    private static final int POINTER_TO_QUESTION = 0xC000 | HEADER;

    private AnswerSectionTrim() {
    }

    /**
     * The answer (from {@code in}'s position to its limit, which are left unchanged) without its authority and
     * additional sections, or null when it must be decoded whole.
     */
    static byte[] answerOnly(ByteBuffer in) {
        int base = in.position();
        int limit = in.limit();
        if (limit - base < HEADER) {
            return null;
        }
        int flags = u16(in, base + 2);
        int qdcount = u16(in, base + 4);
        int ancount = u16(in, base + 6);
        int nscount = u16(in, base + 8);
        int arcount = u16(in, base + 10);
        if ((flags & FLAG_TC) != 0 || (flags & RCODE_MASK) != 0 || qdcount != 1 || ancount == 0
                || nscount + arcount == 0) {
            return null; // nothing to gain, or a lookup may need more than the answer section
        }
        int pos = skipName(in, base + HEADER, base, limit);
        if (pos < 0 || pos + 4 > limit) {
            return null;
        }
        int qtype = u16(in, pos);
        pos += 4;
        for (int i = 0; i < ancount; i++) {
            if (pos + 12 > limit || u16(in, pos) != POINTER_TO_QUESTION || u16(in, pos + 2) != qtype) {
                return null; // an alias, a signature, another owner: the lookup decides from the whole answer
            }
            pos = skipFixedAndData(in, pos + 2, limit);
            if (pos < 0) {
                return null;
            }
        }
        int answerEnd = pos;
        for (int i = 0; i < nscount + arcount; i++) {
            pos = skipName(in, pos, base, limit);
            if (pos < 0 || pos + 10 > limit) {
                return null;
            }
            // RFC 6891 §6.1.3: an OPT record's TTL field holds the upper 8 bits of the 12-bit RCODE
            if (u16(in, pos) == TYPE_OPT && (in.get(pos + 4) & 0xff) != 0) {
                return null;
            }
            pos = skipFixedAndData(in, pos, limit);
            if (pos < 0) {
                return null;
            }
        }
        byte[] cut = new byte[answerEnd - base];
        in.get(base, cut);
        cut[8] = 0; // NSCOUNT
        cut[9] = 0;
        cut[10] = 0; // ARCOUNT
        cut[11] = 0;
        return cut;
    }

    /** The position after the name at {@code pos} (labels ending in the root or a pointer), or -1. */
    private static int skipName(ByteBuffer in, int pos, int base, int limit) {
        for (int labels = 0; pos < limit && labels <= 127; labels++) {
            int len = in.get(pos) & 0xff;
            if (len == 0) {
                return pos + 1;
            }
            if ((len & 0xC0) == 0xC0) {
                return pos + 2 <= limit && (u16(in, pos) & 0x3FFF) < pos - base ? pos + 2 : -1;
            }
            if ((len & 0xC0) != 0) {
                return -1; // the reserved label types (RFC 6891 §5)
            }
            pos += 1 + len;
        }
        return -1;
    }

    /** The position after TYPE, CLASS, TTL, RDLENGTH and RDATA starting at {@code pos}, or -1. */
    private static int skipFixedAndData(ByteBuffer in, int pos, int limit) {
        if (pos + 10 > limit) {
            return -1;
        }
        int end = pos + 10 + u16(in, pos + 8);
        return end <= limit ? end : -1;
    }

    private static int u16(ByteBuffer in, int pos) {
        return (in.get(pos) & 0xff) << 8 | (in.get(pos + 1) & 0xff);
    }
}
