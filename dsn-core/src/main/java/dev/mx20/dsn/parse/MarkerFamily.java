package dev.mx20.dsn.parse;

import java.util.function.Predicate;

/**
 * A family recognised by a marker (a header, a sender, a subject or a sentence its software always writes)
 * whose recipients the shared readers extract: the machine-readable part when there is one, otherwise
 * {@link GenericText}. Most commercial MTAs, ESPs and filters are of this kind; {@link ProviderFamilies} lists them.
 */
class MarkerFamily extends TextFamily { // not final: MicrosoftNdr is one with its own reader first
    private static final EximFormat EXIM = new EximFormat();
    private final Predicate<BounceContext> marker;
    private final String[] start;

    MarkerFamily(String name, Predicate<BounceContext> marker, String... startMarkers) {
        super(name);
        this.marker = marker;
        this.start = startMarkers;
    }

    @Override
    public boolean matches(BounceContext ctx) {
        return marker.test(ctx);
    }

    @Override
    protected String[] startMarkers() {
        return start;
    }

    /** What {@link TextFamily} reads between the start markers, without this class's fallbacks. */
    protected final java.util.List<RecipientDraft> extractFromText(BounceContext ctx) {
        return super.extract(ctx);
    }

    @Override
    public java.util.List<RecipientDraft> extract(BounceContext ctx) {
        java.util.List<RecipientDraft> found = super.extract(ctx);
        if (found.isEmpty() && ctx.hasHeader("X-Failed-Recipients")) {
            found = EXIM.extract(ctx); // the header list (Exim, Gmail) names recipients the text may not
        }
        return found.isEmpty() ? GenericText.extractAll(ctx) : found;
    }

    // --- small predicate helpers, all on lower-cased values -------------------------------------------------

    static Predicate<BounceContext> header(String name) {
        return c -> c.hasHeader(name);
    }

    static Predicate<BounceContext> headerContains(String name, String needle) {
        return c -> c.headerLower(name).contains(needle);
    }

    static Predicate<BounceContext> fromContains(String needle) {
        return c -> c.from.contains(needle);
    }

    static Predicate<BounceContext> subjectStarts(String prefix) {
        return c -> c.subject.startsWith(prefix);
    }

    static Predicate<BounceContext> text(String needle) {
        return c -> c.text.lowerRegion().contains(needle);
    }
}
