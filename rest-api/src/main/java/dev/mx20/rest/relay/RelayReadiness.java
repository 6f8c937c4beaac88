package dev.mx20.rest.relay;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Readiness check {@code mx20-relay}. Always present, so that a probe can tell "not hosted" from "check missing":
 * UP with {@code state=disabled} when the service does not host the relay (nothing to wait for), UP with
 * {@code state=running} and the SMTP addresses when it does, DOWN with {@code state=stopped} once the relay has
 * been closed (shutdown in progress: stop sending traffic). A relay that cannot start fails the service's start-up,
 * so there is no "enabled but never started" state to report.
 */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {
    static final String NAME = "mx20-relay";

    private final HostedRelay hosted;

    public RelayReadiness(HostedRelay hosted) {
        this.hosted = hosted;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        if (!hosted.enabled()) {
            return b.up().withData("state", "disabled").build();
        }
        List<InetSocketAddress> addresses = hosted.smtpAddresses();
        if (hosted.running().isEmpty() || addresses.isEmpty()) {
            return b.down().withData("state", "stopped").build();
        }
        return b.up().withData("state", "running")
                .withData("smtp", addresses.stream().map(RelayReadiness::format).collect(Collectors.joining(" ")))
                .build();
    }

    /** {@code 127.0.0.1:25} / {@code [::1]:25}, the RFC 3986 host:port form. */
    static String format(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
