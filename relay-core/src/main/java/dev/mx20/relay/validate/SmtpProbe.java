package dev.mx20.relay.validate;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One SMTP session to one address, through Eclipse Angus Mail's SMTP client: greeting and EHLO, then optionally
 * MAIL FROM:&lt;&gt; and RCPT TO for each recipient, RSET and QUIT. Never sends DATA.
 */
final class SmtpProbe {
    /**
     * @param connected  true when the server greeted with 220 and answered EHLO (or HELO)
     * @param ehloReply  the server's EHLO reply (its first line names the server, RFC 5321 §4.1.1.1)
     * @param rcptCodes  the reply code of each RCPT, in order (empty when not asked or not connected)
     * @param rcptReplies the reply text of each RCPT
     * @param error      why the session failed, else empty
     */
    record Result(boolean connected, String ehloReply, List<Integer> rcptCodes, List<String> rcptReplies, String error) {
    }

    private SmtpProbe() {
    }

    static Result run(String address, ProbeOptions options, List<String> recipients) {
        Properties p = new Properties();
        String ms = String.valueOf(options.timeout().toMillis());
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.localhost", options.heloName());
        p.put("mail.smtp.starttls.enable", "false");
        Session session = Session.getInstance(p);
        List<Integer> codes = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        SMTPTransport t = null;
        try {
            t = (SMTPTransport) session.getTransport("smtp");
            t.connect(address, options.port(), null, null);
            String ehlo = t.getLastServerResponse();
            if (!recipients.isEmpty()) {
                int mail = t.simpleCommand("MAIL FROM:<>");
                if (mail / 100 != 2) {
                    return new Result(true, ehlo, codes, replies, "MAIL FROM:<> refused: " + t.getLastServerResponse());
                }
                for (String r : recipients) {
                    codes.add(t.simpleCommand("RCPT TO:<" + r + ">"));
                    replies.add(t.getLastServerResponse().strip());
                }
                t.simpleCommand("RSET");
            }
            return new Result(true, ehlo == null ? "" : ehlo.strip(), codes, replies, "");
        } catch (MessagingException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Result(false, "", codes, replies, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } finally {
            if (t != null) {
                try {
                    t.close(); // sends QUIT
                } catch (MessagingException e) {
                    // the session is over either way
                }
            }
        }
    }
}
