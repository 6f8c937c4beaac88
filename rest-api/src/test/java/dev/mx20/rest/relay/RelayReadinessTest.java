package dev.mx20.rest.relay;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The states of the mx20-relay check that the Quarkus tests cannot reach (a relay closed during shutdown). */
class RelayReadinessTest {

    private static RelayHostingConfig config(boolean enabled) {
        return new RelayHostingConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Optional<String> configFile() {
                return Optional.empty();
            }
        };
    }

    @Test
    void enabledButNotRunningIsDown() {
        HealthCheckResponse r = new RelayReadiness(new HostedRelay(config(true))).call();
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
        assertEquals("stopped", r.getData().orElseThrow().get("state"));
        assertEquals("mx20-relay", r.getName());
    }

    @Test
    void disabledIsUp() {
        HealthCheckResponse r = new RelayReadiness(new HostedRelay(config(false))).call();
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
        assertEquals("disabled", r.getData().orElseThrow().get("state"));
    }

    @Test
    void addressesAreWrittenAsHostPort() throws UnknownHostException {
        assertEquals("127.0.0.1:25", RelayReadiness.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 25)));
        assertEquals("[2001:db8:0:0:0:0:0:20]:2525",
                RelayReadiness.format(new InetSocketAddress(InetAddress.getByName("2001:db8::20"), 2525)));
        assertEquals("[fe80:0:0:0:0:0:0:1]:25",
                RelayReadiness.format(new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 25)));
    }
}
