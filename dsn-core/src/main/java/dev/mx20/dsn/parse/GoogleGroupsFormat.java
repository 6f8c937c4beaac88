package dev.mx20.dsn.parse;

/**
 * Google Groups rejections ("the group you tried to contact (...) may not exist, or you may not have
 * permission to post"), sent by mailer-daemon@googlemail.com with the group in {@code X-Failed-Recipients}.
 * Read like Exim (header list, whole text as the diagnostic) but reported as its own family.
 */
final class GoogleGroupsFormat extends TextFamily {
    private final EximFormat reader = new EximFormat();

    GoogleGroupsFormat() {
        super("googlegroups");
    }

    private static final Marker MARKER = Marker.headerContains("X-Failed-Recipients", "googlegroups.com")
            .or(Marker.text("google groups").and(Marker.text("the group you tried to contact")));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public java.util.List<RecipientDraft> extract(BounceContext ctx) {
        return reader.extract(ctx);
    }
}
