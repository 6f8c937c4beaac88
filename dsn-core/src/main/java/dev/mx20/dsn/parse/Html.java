package dev.mx20.dsn.parse;

/** Turns an HTML bounce body into plain text well enough to find addresses and codes: tags out, breaks in. */
final class Html {
    private Html() {
    }

    static String toText(String html) {
        StringBuilder b = new StringBuilder(html.length());
        String lowerHtml = null; // only needed to find the end of a style/script element: made on first use
        int i = 0;
        int len = html.length();
        while (i < len) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    break;
                }
                String tag = html.substring(i + 1, Math.min(end, i + 8)).toLowerCase(java.util.Locale.ROOT);
                if (tag.startsWith("br") || tag.startsWith("p") || tag.startsWith("/p") || tag.startsWith("div")
                        || tag.startsWith("/div") || tag.startsWith("tr") || tag.startsWith("/tr")
                        || tag.startsWith("li") || tag.startsWith("/td")) {
                    b.append(tag.startsWith("/td") ? ' ' : '\n');
                }
                if (tag.startsWith("style") || tag.startsWith("script")) {
                    if (lowerHtml == null) {
                        lowerHtml = html.toLowerCase(java.util.Locale.ROOT);
                    }
                    int close = lowerHtml.indexOf("</" + tag.substring(0, tag.startsWith("style") ? 5 : 6), end);
                    end = close < 0 ? len - 1 : html.indexOf('>', close);
                    if (end < 0) {
                        break;
                    }
                }
                i = end + 1;
            } else if (c == '&') {
                int semi = html.indexOf(';', i);
                if (semi > i && semi - i <= 8) {
                    String ent = html.substring(i + 1, semi);
                    switch (ent) {
                        case "lt" -> b.append('<');
                        case "gt" -> b.append('>');
                        case "amp" -> b.append('&');
                        case "quot" -> b.append('"');
                        case "nbsp", "#160" -> b.append(' ');
                        case "#39", "apos" -> b.append('\'');
                        default -> b.append(' ');
                    }
                    i = semi + 1;
                } else {
                    b.append(c);
                    i++;
                }
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
