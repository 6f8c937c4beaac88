package dev.mx20.relay.validate;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One SMTP session that upgrades with STARTTLS (RFC 3207) through Angus Mail and records the certificate chain
 * the server presents. The chain is not checked against the JDK's trust store on purpose: a DANE client
 * authenticates the server by its TLSA records (RFC 7672 §3), which the caller compares. No mail is sent.
 */
final class StartTlsProbe {
    /**
     * @param reachable false when no SMTP session could be opened (PROBE_MX_UNREACHABLE's business)
     * @param offered   true when the server announced and completed STARTTLS
     * @param chain     the presented chain, server certificate first (empty when there was no TLS)
     * @param error     why it failed, else empty
     */
    record Result(boolean reachable, boolean offered, List<X509Certificate> chain, String error) {
        static final String NOT_OFFERED = "STARTTLS not offered";
    }

    private StartTlsProbe() {
    }

    static Result run(String address, ProbeOptions options) {
        AtomicReference<List<X509Certificate>> seen = new AtomicReference<>(List.of());
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new Recorder(seen)}, null);
        } catch (GeneralSecurityException e) {
            return new Result(false, false, List.of(), "no TLS in this JDK: " + e.getMessage());
        }
        Properties p = new Properties();
        String ms = String.valueOf(options.timeout().toMillis());
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.localhost", options.heloName());
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.socketFactory", tls.getSocketFactory());
        // names are not what DANE-EE authenticates (RFC 7672 §3.1.1); the TLSA comparison is the check
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        Session session = Session.getInstance(p);
        SMTPTransport t = null;
        try {
            t = (SMTPTransport) session.getTransport("smtp");
            t.connect(address, options.port(), null, null);
            return new Result(true, !seen.get().isEmpty(), seen.get(),
                    seen.get().isEmpty() ? "no certificate seen" : "");
        } catch (MailConnectException e) {
            return new Result(false, false, List.of(), String.valueOf(e.getMessage()));
        } catch (MessagingException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // Angus Mail's words when mail.smtp.starttls.required meets an EHLO without STARTTLS
            boolean notOffered = why.contains("does not support STARTTLS");
            return new Result(true, false, List.of(), notOffered ? Result.NOT_OFFERED : why);
        } finally {
            if (t != null) {
                try {
                    t.close();
                } catch (MessagingException e) {
                    // the session is over either way
                }
            }
        }
    }

    /** Accepts any chain and remembers it: trust comes from the TLSA comparison, not from PKIX. */
    private record Recorder(AtomicReference<List<X509Certificate>> seen) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a probe is never a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen.set(List.of(chain));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
