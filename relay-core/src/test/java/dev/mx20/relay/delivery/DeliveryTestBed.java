package dev.mx20.relay.delivery;

import dev.mx20.relay.testdns.TestDnsServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the delivery-agent tests share: an in-process DNS server with the test's zone, fake SMTP servers that are
 * closed with the bed, agents that resolve through that server, and spooled test messages.
 */
final class DeliveryTestBed implements AutoCloseable {
    private final TestDnsServer dns;
    private final Duration dnsTimeout;
    private final Path dir;
    private final List<AutoCloseable> closeMe = new ArrayList<>();

    /**
     * @param dnsTimeout per DNS query; a test that waits for DNS timeouts wants it short, the others long enough
     *                   that the in-process server answers in time on a loaded machine
     */
    DeliveryTestBed(String zone, Duration dnsTimeout, Path dir) throws IOException {
        this.dns = TestDnsServer.start(zone);
        this.dnsTimeout = dnsTimeout;
        this.dir = dir;
    }

    TestDnsServer dns() {
        return dns;
    }

    FakeSmtpServer server(String bind, int port) throws IOException {
        FakeSmtpServer s = FakeSmtpServer.start(bind, port);
        closeMe.add(s);
        return s;
    }

    /** Settings for an agent of {@code relay.example.com} that connects to {@code port} and uses the bed's DNS. */
    DeliverySettings.Builder settings(int port) {
        return DeliverySettings.builder("relay.example.com")
                .dnsServers(List.of(dns.address())).dnsTimeout(dnsTimeout)
                .port(port).randomSeed(7L).timeouts(SmtpTimeouts.all(Duration.ofSeconds(5)));
    }

    SmtpDeliveryAgent agent(int port, Consumer<DeliverySettings.Builder> tweak) {
        DeliverySettings.Builder b = settings(port);
        tweak.accept(b);
        return new SmtpDeliveryAgent(b.build());
    }

    OutboundMessage message(String content, String sender, OutboundRecipient... rcpts) throws IOException {
        Path file = Files.createTempFile(dir, "msg", ".eml");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return new OutboundMessage("4AB12C", sender, List.of(rcpts), null, null, file, Instant.now(), false);
    }

    /** A small message from {@code a@sender.example} to these recipients, no DSN options. */
    OutboundMessage simple(String... rcpts) throws IOException {
        return message("Subject: hi\r\nFrom: a@sender.example\r\n\r\nHello\r\n", "a@sender.example",
                Arrays.stream(rcpts).map(r -> new OutboundRecipient(r, null, Set.of()))
                        .toArray(OutboundRecipient[]::new));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeMe) {
            c.close();
        }
        dns.close();
    }
}
