/**
 * The service hosting the MX 20 relay ({@code dev.mx20.relay.MxRelay}) when {@code mx20.relay.enabled=true}:
 * start-up and shutdown with the service ({@link dev.mx20.rest.relay.HostedRelay}), the readiness check
 * {@code mx20-relay}, and the queue over REST ({@code GET /relay/queue}, {@code POST /relay/queue/flush}).
 * Configuration keys are described in docs/configuration.md.
 */
package dev.mx20.rest.relay;
