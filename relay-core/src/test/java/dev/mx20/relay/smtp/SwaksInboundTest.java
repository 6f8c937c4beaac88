package dev.mx20.relay.smtp;

import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.policy.RecipientList;
import dev.mx20.relay.policy.RelayPolicy;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import dev.mx20.relay.tools.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The inbound server against a real SMTP client: Debian's swaks (skipped when swaks is not installed). */
class SwaksInboundTest {
    @TempDir
    Path dir;
    private Spool spool;
    private SmtpServer server;
    private int port;
    private Path swaks;
    private final List<SpooledMessage> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        swaks = ExternalTool.find("swaks").orElse(null);
        assumeTrue(swaks != null, "swaks is not installed (apt-get install swaks); .ci/run installs it");
        Path list = dir.resolve("recipients");
        Files.writeString(list, "alice@example.com\n");
        RelayConfig c = RelayConfig.builder().set("myhostname", "relay.example.com").set("inet_interfaces", "127.0.0.1")
                .set("smtpd_port", "0").set("relay_domains", "example.com").set("relay_recipient_maps", list.toString())
                .set("mynetworks", "192.0.2.0/24").set("queue_directory", dir.resolve("spool").toString()).build();
        spool = Spool.open(c.queueDirectory(), Clock.systemUTC());
        server = new SmtpServer(c, new RelayPolicy(Set.of("example.com"), RecipientList.load(list), c.mynetworks()),
                spool, accepted::add, Clock.systemUTC());
        server.start();
        port = server.localAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            spool.close();
        }
    }

    private ExternalTool.Result swaks(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(swaks.toString(), "--server", "127.0.0.1", "--port",
                Integer.toString(port), "--from", "sender@example.org", "--helo", "client.example"));
        cmd.addAll(List.of(extra));
        return ExternalTool.run(cmd, 60);
    }

    @Test
    void pipelinedMessageIsQueued() throws Exception {
        // Debian's swaks has no DSN options; RFC 3461 parameters are covered byte-exact in SmtpServerTest.
        ExternalTool.Result r = swaks("--to", "alice@example.com", "--pipeline", "--header", "Subject: swaks");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("250 2.0.0 Ok: queued as"), r.output());
        assertEquals(1, accepted.size());
        assertTrue(Files.readString(accepted.get(0).content()).contains("Subject: swaks"));
        assertEquals(1, spool.list().size());
    }

    @Test
    void unknownRecipientAndForeignDomainAreRefused() throws Exception {
        ExternalTool.Result unknown = swaks("--to", "nobody@example.com");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.output().contains("550 5.1.1"), unknown.output());
        ExternalTool.Result foreign = swaks("--to", "someone@elsewhere.example");
        assertTrue(foreign.output().contains("554 5.7.1"), foreign.output());
        assertTrue(accepted.isEmpty());
    }
}
