package dev.mx20.relay.validate;

import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.testdns.LyingDnsProxy;
import dev.mx20.relay.testdns.LyingDnsProxy.Lie;
import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.validate.readiness.MailIpv6Checker;
import dev.mx20.relay.validate.readiness.MailIpv6Readiness;
import dev.mx20.relay.validate.readiness.ReadinessStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resolver that lies ({@link LyingDnsProxy} in front of {@link TestDnsServer}): a wrong ID, a wrong question,
 * a truncated answer, garbage, SERVFAIL, REFUSED, silence, an answer from another address. Each domain holds the
 * MX 20 pattern, so the honest answer would be "valid"; every lie must end, within the time-out, in a clear
 * per-domain (readiness) or per-check (validation) failure that names what went wrong, never in "record
 * missing" findings, an exception or a hang. The truncated answer must be fetched again over TCP and give
 * exactly the honest result.
 */
class LyingResolverTest {
    /** For the lies that end in a time-out: short, so the suite does not wait long for each. */
    private static final Duration TIMEOUT_LOOKUP = Duration.ofMillis(700);
    private static final Duration TIMEOUT_BUDGET = Duration.ofSeconds(4);
    /**
     * For the lies that are answered (SERVFAIL, REFUSED, TRUNCATED over TCP) and the honest domain: the answer must
     * never be taken for a time-out because a GC pause or a busy machine delayed the in-process server.
     */
    private static final Duration ANSWERED_LOOKUP = Duration.ofSeconds(5);
    private static final Duration ANSWERED_BUDGET = Duration.ofSeconds(30);
    private static final Duration DOMAIN_DEADLINE = Duration.ofSeconds(20);
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static TestDnsServer dns;
    private static LyingDnsProxy liar;
    private static LiveDnsLookup timingOut;
    private static LiveDnsLookup answered;

    @BeforeAll
    static void start() throws IOException {
        List<String> zones = new ArrayList<>(Scenario.named("good").zones());
        zones.add(TestDnsServer.resource(LyingResolverTest.class, "/dev/mx20/relay/testdns/lie.example.db"));
        dns = TestDnsServer.start(zones.toArray(new String[0]));
        liar = LyingDnsProxy.start(dns.address());
        timingOut = LiveDnsLookup.servers(List.of(liar.address()), TIMEOUT_LOOKUP);
        answered = LiveDnsLookup.servers(List.of(liar.address()), ANSWERED_LOOKUP);
    }

    @AfterAll
    static void stop() {
        timingOut.close();
        answered.close();
        liar.close();
        dns.close();
    }

    /** What the failure must say: the status a lookup ends in. */
    static String expectedFailure(Lie lie) {
        return switch (lie) {
            case SERVFAIL -> "SERVFAIL";
            case REFUSED -> "REFUSED";
            // an answer that does not parse, or is not the answer to this query from this server, may be a
            // spoofing attempt: it is dropped and the real answer awaited (RFC 5452 §9.1) until the time-out
            default -> "TIMEOUT"; // garbage, wrong ID, wrong question, silence, another source
        };
    }

    /** Whether the resolver's answer to this lie reaches the client (so a time-out would be a false failure). */
    static boolean answered(Lie lie) {
        return lie == Lie.SERVFAIL || lie == Lie.REFUSED || lie == Lie.TRUNCATED;
    }

    static LiveDnsLookup lookupFor(Lie lie) {
        return answered(lie) ? answered : timingOut;
    }

    static Duration budgetFor(Lie lie) {
        return answered(lie) ? ANSWERED_BUDGET : TIMEOUT_BUDGET;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Lie.class)
    void readinessGivesAResultPerDomainWithTheReason(Lie lie) {
        MailIpv6Checker checker = new MailIpv6Checker(lookupFor(lie), 16, DOMAIN_DEADLINE);
        MailIpv6Readiness r = assertTimeoutPreemptively(HANG_GUARD,
                () -> checker.check(lie.domain()).toCompletableFuture().get());
        assertEquals(lie.domain(), r.domain());
        if (lie == Lie.TRUNCATED) {
            assertEquals(ReadinessStatus.IPV6_AND_IPV4, r.status(), r.toString());
            assertEquals(List.of(), r.errors());
            return;
        }
        assertEquals(ReadinessStatus.LOOKUP_FAILED, r.status(), r.toString());
        assertTrue(r.errors().stream().anyMatch(e -> e.contains(expectedFailure(lie))), r.errors()::toString);
    }

    @Test
    void aBatchOfEveryLieAndAnHonestDomainGetsOneResultEachInOrder() {
        // one lookup for all: the generous one, so the honest domain is never timed out (the lies that are not
        // answered then take ANSWERED_LOOKUP each, side by side)
        MailIpv6Checker checker = new MailIpv6Checker(answered, 16, DOMAIN_DEADLINE);
        List<String> domains = new ArrayList<>(Arrays.stream(Lie.values()).map(Lie::domain).toList());
        domains.add("example.com");
        List<MailIpv6Readiness> results = assertTimeoutPreemptively(HANG_GUARD,
                () -> checker.checkAll(domains).toCompletableFuture().get());
        assertEquals(domains, results.stream().map(MailIpv6Readiness::domain).toList());
        assertEquals(ReadinessStatus.IPV6_AND_IPV4, results.get(domains.size() - 1).status());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Lie.class)
    void validationNamesTheFailedLookupsAndTakesNoneForMissing(Lie lie) throws IOException {
        RelayConfig config = config(lie.domain());
        ValidationReport r = assertTimeoutPreemptively(HANG_GUARD,
                () -> new RelayValidator(lookupFor(lie), MtaStsPolicySource.none(), budgetFor(lie)).validate(config));
        if (lie == Lie.TRUNCATED) {
            // over TCP the answers are complete: exactly what the honest server gives
            try (LiveDnsLookup honest = LiveDnsLookup.servers(List.of(dns.address()), ANSWERED_LOOKUP)) {
                ValidationReport direct = new RelayValidator(honest, MtaStsPolicySource.none(), ANSWERED_BUDGET)
                        .validate(config);
                assertEquals(Scenario.actual(direct), Scenario.actual(r), RelayValidatorScenarioTest.describe(r));
                assertTrue(r.valid(), RelayValidatorScenarioTest.describe(r));
            }
            return;
        }
        assertFalse(r.valid());
        List<Finding> mx = r.withCode(CheckCode.MX_LOOKUP_FAILED);
        assertEquals(1, mx.size(), RelayValidatorScenarioTest.describe(r));
        assertTrue(mx.get(0).evidence().stream().anyMatch(e -> e.contains(expectedFailure(lie))),
                mx.get(0).evidence()::toString);
        assertTrue(r.has(CheckCode.DNS_LOOKUP_FAILED), RelayValidatorScenarioTest.describe(r));
        // a failed lookup is never "record missing"
        for (CheckCode absent : List.of(CheckCode.MX_MISSING, CheckCode.PRIMARY_NO_AAAA, CheckCode.RELAY_NO_A,
                CheckCode.RELAY_NO_AAAA, CheckCode.SPF_MISSING, CheckCode.DMARC_MISSING, CheckCode.NS_TOO_FEW,
                CheckCode.MX_TARGET_NO_ADDRESS)) {
            assertFalse(r.has(absent), absent + "\n" + RelayValidatorScenarioTest.describe(r));
        }
    }

    static RelayConfig config(String domain) {
        return RelayConfig.builder(domain, "v6only." + domain, "relay." + domain)
                .relayIpv4("192.0.2.1").relayIpv6("2001:db8::20").heloName("relay.example.com")
                .recipients(List.of("alice@" + domain, "postmaster@" + domain))
                .relayNetworks(List.of("2001:db8::1/128"))
                .smarthost(false)
                .build();
    }
}
