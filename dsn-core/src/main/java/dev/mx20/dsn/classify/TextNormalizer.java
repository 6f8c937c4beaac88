package dev.mx20.dsn.classify;

/**
 * Puts diagnostic text into the one form the rule phrases are written in: lower case (locale independent),
 * every run of white space (including folded line breaks) as one space, typographic apostrophes as {@code '}.
 * Done once per text, so that rules are plain substring tests.
 */
final class TextNormalizer {
    private TextNormalizer() {
    }

    static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        boolean space = true; // drops leading white space
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0') {
                if (!space) {
                    b.append(' ');
                    space = true;
                }
                continue;
            }
            space = false;
            if (c == '\u2019' || c == '\u2018') {
                c = '\'';
            }
            b.append(c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c));
        }
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == ' ') {
            b.setLength(end - 1);
        }
        return b.toString();
    }
}
