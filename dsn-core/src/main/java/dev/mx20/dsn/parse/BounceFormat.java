package dev.mx20.dsn.parse;

import java.util.List;

/**
 * One family of bounce formats (an MTA, an ESP, a provider), in the spirit of Sisimai's lhost modules:
 * it recognises its messages from headers and body markers and pulls the recipients out of its text.
 * Implementations are stateless and keyed to the format as the software writes it, never to sample files.
 */
interface BounceFormat {
    /** The family name reported as {@code BounceReport.format}, e.g. {@code "postfix"}. */
    String name();

    /**
     * How the family recognises its messages: header checks and a few substring tests, written with {@link Marker}'s
     * atoms so that the registry's index knows what must hold for it ({@link Marker#condition()}).
     */
    Marker marker();

    /** Whether the message was written by this family. */
    default boolean matches(BounceContext ctx) {
        return marker().test(ctx);
    }

    /**
     * The failed recipients with whatever status, reply code, remote MTA and diagnostic the text gives.
     * Empty when the text holds no recognisable recipient (the registry then tries the generic reader).
     */
    List<RecipientDraft> extract(BounceContext ctx);
}
