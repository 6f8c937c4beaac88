package dev.mx20.dsn.parse;

import java.util.List;

/**
 * Base of the families whose text the {@link GenericText} reader understands once told where the list of
 * failed recipients begins. Subclasses say how they are recognised ({@link #marker()}, a {@link Marker}) and,
 * optionally, the lines that open the recipient list ({@link #startMarkers()}, lower-case).
 */
abstract class TextFamily implements BounceFormat {
    private final String name;

    protected TextFamily(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** Lower-case texts after whose line the recipient list starts; empty to read the whole error region. */
    protected String[] startMarkers() {
        return new String[0];
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        String[] markers = startMarkers();
        // The lower-case error region gives the same first occurrence below region.length() as the whole lower-case
        // text for markers without a line break (the region ends at the start of a line), without lower-casing the
        // returned original after it.
        int from = startOf(region, hasLineBreak(markers) ? ctx.text.lower() : ctx.text.lowerRegion(), markers);
        return GenericText.extract(region, from, region.length(), 1000);
    }

    /** Offset of the line after the first start marker found, or 0. */
    static int startOf(String region, String lowerFull, String[] markers) {
        int best = -1;
        for (String m : markers) {
            int i = lowerFull.indexOf(m);
            if (i >= 0 && i < region.length() && (best < 0 || i < best)) {
                best = i;
            }
        }
        if (best < 0) {
            return 0;
        }
        int eol = region.indexOf('\n', best);
        return eol < 0 ? region.length() : eol + 1;
    }

    private static boolean hasLineBreak(String[] markers) {
        for (String m : markers) {
            if (m.indexOf('\n') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether any of the lower-case needles occurs in {@code haystack}. */
    static boolean any(String haystack, String... needles) {
        for (String n : needles) {
            if (haystack.contains(n)) {
                return true;
            }
        }
        return false;
    }
}
