package dev.mx20.dsn.parse;

/**
 * What a {@link BounceFormat} looks at: the parsed message, its human-readable text, and the lower-cased
 * header values every format tests.
 */
final class BounceContext {
    final ParsedMail mail;
    final BounceText text;
    final String subject;
    final String from;

    BounceContext(ParsedMail mail, BounceText text) {
        this.mail = mail;
        this.text = text;
        this.subject = mail.subjectLower();
        this.from = mail.fromLower();
    }

    /** Whether a top-level header with this name exists. */
    boolean hasHeader(String name) {
        return header(name) != null;
    }

    /** A top-level header value lower-cased, or the empty string. */
    String headerLower(String name) {
        String v = header(name);
        return v == null ? "" : v.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@link ParsedMail#header(String)} through a hash index built on the third lookup: family detection asked for
     * some forty header names per message, most of them absent, and a linear scan of the header per question was
     * the larger part of detection; since {@link FamilyIndex} it asks a few. Same answers: the first field whose
     * name {@link String#equalsIgnoreCase equals, ignoring case}, the one asked for.
     */
    private String header(String name) {
        if (headerSlots == null) {
            // Detection now asks only the family it tries (FamilyIndex read the names once), so most messages see a
            // lookup or two: those compare names in place, the index pays from the third on
            if (++lookups <= SCANNED_LOOKUPS) {
                return mail.header(name);
            }
            headerSlots = indexHeaders(mail.headers());
        }
        if (headerSlots.length == 0 || !isAscii(name)) {
            return mail.header(name); // a non-ASCII name in the header: equalsIgnoreCase has no cheap hash
        }
        java.util.List<dev.mx20.dsn.model.Field> fields = mail.headers();
        int mask = headerSlots.length - 1;
        for (int i = caseInsensitiveHash(name) & mask; headerSlots[i] != 0; i = (i + 1) & mask) {
            int at = headerSlots[i] - 1;
            if (nameAt(fields, at).equalsIgnoreCase(name)) {
                return fields.get(at).value();
            }
        }
        return null;
    }

    /** Open addressing: slot = 1 + index of the first field of each name; empty when a name is not ASCII. */
    private int[] headerSlots;
    /** Lookups answered by a scan of the names before the index is built. */
    private static final int SCANNED_LOOKUPS = 2;
    private int lookups;

    private static int[] indexHeaders(java.util.List<dev.mx20.dsn.model.Field> fields) {
        int size = Integer.highestOneBit(Math.max(4, fields.size()) * 2 - 1) << 1;
        int[] slots = new int[size];
        int mask = size - 1;
        for (int f = 0; f < fields.size(); f++) {
            String name = nameAt(fields, f);
            if (!isAscii(name)) {
                return new int[0];
            }
            int i = caseInsensitiveHash(name) & mask;
            while (slots[i] != 0 && !nameAt(fields, slots[i] - 1).equalsIgnoreCase(name)) {
                i = (i + 1) & mask;
            }
            if (slots[i] == 0) {
                slots[i] = f + 1; // later fields of the same name do not replace the first
            }
        }
        return slots;
    }

    /** A field's name; from a {@link LazyHeader} without building the field's value. */
    private static String nameAt(java.util.List<dev.mx20.dsn.model.Field> fields, int index) {
        return fields instanceof LazyHeader lazy ? lazy.name(index) : fields.get(index).name();
    }

    /** Equal for ASCII names that are {@code equalsIgnoreCase}. */
    private static int caseInsensitiveHash(String s) {
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return h ^ (h >>> 16);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }
}
