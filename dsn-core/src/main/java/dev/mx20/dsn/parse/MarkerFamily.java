package dev.mx20.dsn.parse;

/**
 * A family recognised by a marker (a header, a sender, a subject or a sentence its software always writes)
 * whose recipients the shared readers extract: the machine-readable part when there is one, otherwise
 * {@link GenericText}. Most commercial MTAs, ESPs and filters are of this kind; {@link ProviderFamilies} lists them.
 */
class MarkerFamily extends TextFamily { // not final: MicrosoftNdr is one with its own reader first
    private static final EximFormat EXIM = new EximFormat();
    private final Marker marker;
    private final String[] start;

    MarkerFamily(String name, Marker marker, String... startMarkers) {
        super(name);
        this.marker = marker;
        this.start = startMarkers;
    }

    @Override
    public Marker marker() {
        return marker;
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

    // --- the atoms ProviderFamilies' one-line entries use (Marker's) ------------------------------------------

    static Marker header(String name) {
        return Marker.header(name);
    }

    static Marker headerContains(String name, String needle) {
        return Marker.headerContains(name, needle);
    }

    static Marker fromContains(String needle) {
        return Marker.fromContains(needle);
    }

    static Marker subjectStarts(String prefix) {
        return Marker.subjectStarts(prefix);
    }

    static Marker text(String needle) {
        return Marker.text(needle);
    }
}
