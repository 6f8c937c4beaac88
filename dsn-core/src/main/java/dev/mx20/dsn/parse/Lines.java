package dev.mx20.dsn.parse;

/**
 * Line-by-line reading of a text without {@link String#split}: the format readers walk their region a line at a
 * time and strip each line, and {@code split("\n")} then {@code strip()} made a list, an array and two strings
 * per line (on the small reports {@code POST /dsn/classify} sees, {@code split}'s list growth alone was ~3 % of
 * an {@code analyze} profile). Callers find each line's end with {@code indexOf('\n')} and take the stripped line
 * with {@link #stripped}, one string per line.
 */
final class Lines {
    private Lines() {
    }

    /**
     * {@code text.substring(from, to).strip()} without the intermediate copy: the same characters are stripped,
     * because {@link String#strip} stops at the first code point that is not {@link Character#isWhitespace}
     * and no supplementary code point (nor a lone surrogate) is whitespace, so testing chars gives the same bounds.
     */
    static String stripped(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    /** End of the line that starts at {@code from}: the offset of its {@code '\n'}, or {@code text.length()}. */
    static int end(String text, int from) {
        int eol = text.indexOf('\n', from);
        return eol < 0 ? text.length() : eol;
    }
}
