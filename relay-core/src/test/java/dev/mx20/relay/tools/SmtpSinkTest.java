package dev.mx20.relay.tools;

import dev.mx20.relay.SmtpSubmit;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The end-to-end tests wait for a marker in {@link SmtpSink#messages()}; smtp-sink writes its dump while the DATA
 * arrives, so a message must not be listed before smtp-sink has finished it, or a test reads it cut short.
 */
class SmtpSinkTest {

    @Test
    void aMessageStillArrivingIsNotListedAndAFinishedOneIsWhole() throws Exception {
        Path binary = ExternalTool.find("smtp-sink").orElse(null);
        assumeTrue(binary != null, "postfix's smtp-sink is needed (apt-get install postfix); .ci/run installs it");
        try (SmtpSink sink = SmtpSink.startOnFreePort(binary, "127.0.0.1");
             Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", sink.port()), 5000);
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertTrue(SmtpSubmit.reply(in).startsWith("220"));
            for (String c : List.of("EHLO client.example", "MAIL FROM:<a@sender.example>", "RCPT TO:<b@example.com>",
                    "DATA")) {
                out.write((c + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String r = SmtpSubmit.reply(in);
                assertTrue(r.startsWith("250") || r.startsWith("354"), c + ": " + r);
            }
            // Far more than smtp-sink's 4 KiB output buffer: it writes the first part to the dump before the end.
            String line = "y".repeat(70) + "\r\n";
            out.write(("Subject: still arriving\r\n\r\n" + line.repeat(300)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Give smtp-sink ample time to write what it has; the message must still not be listed.
            long end = System.nanoTime() + Duration.ofMillis(700).toNanos();
            while (System.nanoTime() < end) {
                assertEquals(List.of(), sink.messages(), "a message whose DATA has not ended");
                Thread.sleep(50);
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(SmtpSubmit.reply(in).startsWith("250"));
            List<String> got = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got = sink.messages();
                Thread.sleep(20);
            }
            assertEquals(1, got.size(), "the finished message");
            assertTrue(got.get(0).contains("Subject: still arriving"), got.get(0));
            assertEquals(300, got.get(0).split("y{70}", -1).length - 1, "all 300 lines, not a cut-short dump");
        }
    }

    @Test
    void aPortAnotherProcessListensOnIsReportedNotTakenForTheSink() throws Exception {
        Path binary = ExternalTool.find("smtp-sink").orElse(null);
        assumeTrue(binary != null, "postfix's smtp-sink is needed (apt-get install postfix); .ci/run installs it");
        // the race made certain: the port chosen for smtp-sink is taken (and answered on) by someone else
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThrows(SmtpSink.PortTakenException.class,
                    () -> SmtpSink.start(binary, "127.0.0.1", other.getLocalPort()).close(),
                    "smtp-sink cannot bind a port another process listens on; the other process answering there "
                            + "must not be taken for smtp-sink");
        }
        try (SmtpSink sink = SmtpSink.startOnFreePort(binary, "127.0.0.1")) {
            assertEquals(java.util.Optional.of(true), Listeners.listens(sink.pid(), sink.port()));
        }
    }
}
