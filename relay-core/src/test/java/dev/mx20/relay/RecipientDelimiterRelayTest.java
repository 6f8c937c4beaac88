package dev.mx20.relay;

import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.delivery.DeliveryAgent;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recipient_delimiter} through the whole relay: over SMTP, {@code alice+lists@} is accepted because
 * {@code alice@} is listed, and handed to the next hop as written (the primary files it by its extension); an
 * unlisted base is refused at RCPT time like any unknown recipient.
 */
class RecipientDelimiterRelayTest {
    @TempDir
    Path dir;

    @Test
    void anExtendedAddressOfAListedRecipientIsRelayedAsWritten() throws Exception {
        Path list = Files.writeString(dir.resolve("recipients"), "alice@example.com\n");
        RelayConfig config = RelayConfig.builder()
                .set("myhostname", "relay.example.com")
                .set("inet_interfaces", "127.0.0.1")
                .set("smtpd_port", "0")
                .set("mynetworks", "192.0.2.0/24") // the test client on loopback is not trusted
                .set("relay_domains", "example.com")
                .set("relay_recipient_maps", list.toString())
                .set("recipient_delimiter", "+")
                .set("queue_directory", dir.resolve("spool").toString())
                .build();
        List<String> forwarded = new CopyOnWriteArrayList<>();
        DeliveryAgent agent = m -> m.recipients().stream().map(OutboundRecipient::address).peek(forwarded::add)
                .map(a -> new RecipientOutcome(a, RecipientOutcome.Result.DELIVERED, "2.0.0", 250, "ok", null, null,
                        Instant.now()))
                .toList();
        try (MxRelay relay = MxRelay.builder(config).deliveryAgent(agent).build()) {
            relay.start();
            try (Socket s = new Socket()) {
                s.connect(relay.smtpAddresses().get(0), 5000);
                s.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                assertTrue(SmtpSubmit.reply(in).startsWith("220"));
                assertTrue(say(out, in, "EHLO client.example").startsWith("250"));
                assertTrue(say(out, in, "MAIL FROM:<sender@example.org>").startsWith("250"));
                String unknown = say(out, in, "RCPT TO:<bob+lists@example.com>");
                assertTrue(unknown.startsWith("550 5.1.1"), unknown);
                String extended = say(out, in, "RCPT TO:<alice+lists@example.com>");
                assertTrue(extended.startsWith("250"), extended);
                assertTrue(say(out, in, "DATA").startsWith("354"));
                String queued = say(out, in, "Subject: extension\r\n\r\nbody\r\n.");
                assertTrue(queued.startsWith("250"), queued);
                say(out, in, "QUIT");
            }
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (forwarded.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(List.of("alice+lists@example.com"), forwarded);
        }
    }

    private static String say(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return SmtpSubmit.reply(in);
    }
}
