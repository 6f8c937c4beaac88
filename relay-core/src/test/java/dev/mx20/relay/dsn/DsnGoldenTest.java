package dev.mx20.relay.dsn;

import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static dev.mx20.relay.dsn.DsnTestOutcomes.deferred;
import static dev.mx20.relay.dsn.DsnTestOutcomes.failed550;
import static dev.mx20.relay.dsn.DsnTestOutcomes.rcpt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Golden files: for each case an original message ({@code <case>.original.eml} beside this class's resources) and
 * the DSN the writer must produce for it ({@code <case>.dsn}), byte for byte except the random MIME boundary and
 * Message-ID, which are replaced by fixed tokens before comparing. The ASCII cases pin the RFC 3464 form; the UTF-8
 * cases the RFC 6533 form.
 *
 * <p>To regenerate after an intended change: {@code ./mvnw -pl relay-core test -Dtest=DsnGoldenTest
 * -Dmx20.golden.update=true}, then review the diff of the .dsn files like code.
 */
class DsnGoldenTest {
    private static final String DIR = "/dev/mx20/relay/dsn/golden/";
    private static final Instant ARRIVAL = Instant.parse("2026-11-21T10:15:30Z");
    private static final Instant ATTEMPT = DsnTestOutcomes.ATTEMPT;
    private static final Instant GIVE_UP = Instant.parse("2026-11-26T10:15:30Z");

    @TempDir
    Path dir;

    private final DsnWriter writer = new DsnWriter(DsnSettings.of("relay.example.com"),
            Clock.fixed(Instant.parse("2026-11-21T10:20:05Z"), ZoneOffset.UTC));

    /** One golden case: the envelope of the original, the outcomes, and whether it is a delay notice. */
    record Case(String name, String sender, OutboundMessage.Ret ret, boolean smtpUtf8, List<OutboundRecipient> rcpts,
                List<RecipientOutcome> outcomes, boolean delay) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String bob = "bob@v6only.example.com";
        String yonghu = "\u7528\u6237@v6only.example.com"; // 用户
        String juergen = "j\u00fcrgen@xn--bcher-kva.example"; // jürgen@bücher.example, domain kept as A-label
        return Stream.of(
                new Case("ascii-failed-headers", "alice@sender.example", null, false,
                        List.of(rcpt(bob, "rfc822;bob+2Bx@v6only.example.com")), List.of(failed550(bob)), false),
                new Case("ascii-delayed", "alice@sender.example", null, false,
                        List.of(rcpt(bob, null)), List.of(deferred(bob)), true),
                new Case("utf8-failed-headers", juergen, null, true,
                        List.of(rcpt(yonghu, "utf-8;" + yonghu), rcpt(bob, null)),
                        List.of(failed550(yonghu), failed550(bob)), false),
                new Case("utf8-failed-full", juergen, OutboundMessage.Ret.FULL, true,
                        List.of(rcpt(yonghu, "utf-8;\\x{7528}\\x{6237}@v6only.example.com")),
                        List.of(failed550(yonghu)), false),
                new Case("utf8-delayed", juergen, null, true,
                        List.of(rcpt(yonghu, null)), List.of(deferred(yonghu)), true),
                new Case("utf8-header-ascii-addresses", "alice@sender.example", null, true,
                        List.of(rcpt(bob, null)), List.of(failed550(bob)), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesTheGoldenDsn(Case c) throws IOException {
        Path original = dir.resolve(c.name + ".eml");
        Files.write(original, resource(c.name + ".original.eml"));
        OutboundMessage m = new OutboundMessage("4AB12C", c.sender, c.rcpts, "ev+2Bid-42", c.ret, original, ARRIVAL,
                false, c.smtpUtf8);
        Dsn dsn = writer.write(m, c.outcomes, c.delay ? GIVE_UP : null).orElseThrow();
        String actual = normalise(new String(dsn.message(), StandardCharsets.UTF_8));
        if (Boolean.getBoolean("mx20.golden.update")) {
            Path out = Path.of("src/test/resources" + DIR + c.name + ".dsn");
            Files.writeString(out, actual, StandardCharsets.UTF_8);
            return; // the classpath copy is the old one until the next build
        }
        String expected = new String(resource(c.name + ".dsn"), StandardCharsets.UTF_8);
        assertEquals(expected, actual, c.name);
    }

    /** The boundary and Message-ID are random; everything else is fixed by the clock and the inputs. */
    static String normalise(String dsn) {
        return dsn.replaceAll("dsn=[0-9a-f]{24}/", "dsn=BOUNDARY/")
                .replaceAll("<\\d+\\.[0-9a-f]{12}@", "<MESSAGE-ID@");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DsnGoldenTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, "missing golden file " + DIR + name);
            return in.readAllBytes();
        }
    }
}
