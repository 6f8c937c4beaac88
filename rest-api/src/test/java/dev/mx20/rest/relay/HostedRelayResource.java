package dev.mx20.rest.relay;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a relay configuration file for the hosted-relay tests and points {@code mx20.relay.*} at it: SMTP on
 * 127.0.0.1 port 0 (the system picks a free one; the test reads it from the readiness check), a fresh spool in a
 * temporary directory, and every message routed to a {@link RefusingSmtpPeer} on loopback, so mail stays queued
 * and nothing leaves the machine. Backoff is an hour, so only a flush triggers the second attempt.
 */
public class HostedRelayResource implements QuarkusTestResourceLifecycleManager {
    private Path dir;
    private RefusingSmtpPeer peer;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("mx20-hosted-relay");
            peer = new RefusingSmtpPeer();
            Path cf = dir.resolve("relay.cf");
            Files.writeString(cf, """
                    # written by HostedRelayResource (rest-api tests)
                    myhostname = relay.test.invalid
                    inet_interfaces = 127.0.0.1
                    smtpd_port = 0
                    mynetworks = 127.0.0.0/8
                    queue_directory = %s
                    relayhost = [127.0.0.1]:%d
                    smtp_tls_security_level = none
                    smtp_connect_timeout = 5s
                    minimal_backoff_time = 1h
                    maximal_backoff_time = 2h
                    delivery_threads = 2
                    """.formatted(dir.resolve("spool"), peer.port()), StandardCharsets.UTF_8);
            return Map.of("mx20.relay.enabled", "true", "mx20.relay.config-file", cf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (peer != null) {
                peer.close();
            }
            if (dir != null) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
