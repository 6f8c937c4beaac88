package dev.mx20.rest.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The documented limits of a request's head ({@code mx20.http.*}, docs/configuration.md), enforced by
 * {@link EdgeRoutes} so that a request over them is answered with problem+json (414, 431).
 *
 * <p>Why not simply the HTTP codec's limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code quarkus.http.limits.max-header-size})? A request over those is refused inside Netty / Vert.x, before any
 * route, with an empty 414 / 431: Vert.x's {@code HttpServer#invalidRequestHandler} would let an application answer
 * it, but Quarkus creates the server itself and offers no way to set it. So the codec is given a larger, still
 * bounded ceiling and these limits, below it, are the ones clients meet. Each must stay under its codec ceiling
 * (checked at start-up).
 */
@ConfigMapping(prefix = "mx20.http")
public interface HttpHeadLimits {

    /**
     * Longest request line (method, request target and version, with the two spaces; line end not counted), in
     * bytes. Over it: 414.
     */
    @WithDefault("4096")
    @Min(256)
    @Max(1048576)
    int maxRequestLineLength();

    /**
     * Largest header section, in bytes, counted as {@code Name: value} lines without their line ends (the way the
     * codec counts). Over it: 431.
     */
    @WithDefault("20480")
    @Min(1024)
    @Max(1048576)
    int maxHeaderSize();
}
