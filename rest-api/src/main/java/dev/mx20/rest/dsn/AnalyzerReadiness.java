package dev.mx20.rest.dsn;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.model.BounceReport;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.nio.charset.StandardCharsets;

/**
 * Ready means "can classify": analyses a minimal RFC 3464 DSN and checks that the one recipient in it is
 * found with its status. Cheap (a few hundred bytes through the parser), so probes may call it often.
 */
@Readiness
@ApplicationScoped
public class AnalyzerReadiness implements HealthCheck {
    private static final byte[] PROBE = """
            From: MAILER-DAEMON@probe.example
            Subject: readiness probe
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="p"

            --p
            Content-Type: message/delivery-status

            Reporting-MTA: dns; probe.example

            Final-Recipient: rfc822; nobody@probe.example
            Action: failed
            Status: 5.1.1

            --p--
            """.getBytes(StandardCharsets.US_ASCII);

    private final BounceAnalyzer analyzer;

    public AnalyzerReadiness(BounceAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            BounceReport r = analyzer.analyze(PROBE);
            boolean ok = r.recipients().size() == 1 && "5.1.1".equals(r.recipients().get(0).status());
            return HealthCheckResponse.named("dsn-analyzer").status(ok)
                    .withData("recipients", r.recipients().size()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("dsn-analyzer").down()
                    .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
