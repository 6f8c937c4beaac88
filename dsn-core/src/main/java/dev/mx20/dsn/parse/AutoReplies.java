package dev.mx20.dsn.parse;

import java.util.Locale;

/**
 * Recognises automatic replies (vacation notices, out-of-office): RFC 3834 §5 {@code Auto-Submitted:
 * auto-replied}, the de-facto headers {@code X-Autoreply}, {@code X-Autorespond}, {@code X-Auto-Response-Suppress}
 * with an auto-reply subject, and the subjects mail clients use. A message from a mailer-daemon is never an
 * auto-reply: Postfix, for one, marks its bounces {@code Auto-Submitted: auto-replied}.
 */
final class AutoReplies {
    private static final String[] SUBJECT_PREFIXES = {
        "auto:", "autoreply", "auto reply", "auto-reply", "automatic reply", "automatische antwort",
        "out of office", "out of the office", "vacation", "away from", "abwesenheit", "r\u00e9ponse automatique",
        "respuesta autom\u00e1tica", "risposta automatica", "autosvar", "[auto-reply]", "[autoreply]",
    };

    private AutoReplies() {
    }

    static boolean isAutoReply(BounceContext ctx) {
        if (fromDaemon(ctx.from)) {
            return false;
        }
        String auto = ctx.headerLower("Auto-Submitted");
        if (auto.startsWith("auto-replied")) {
            return true;
        }
        if (ctx.hasHeader("X-Autoreply") || ctx.hasHeader("X-Autorespond") || ctx.hasHeader("X-Autoreply-From")
                || ctx.hasHeader("X-Mail-Autoreply")) {
            return true;
        }
        String subject = ctx.subject.strip();
        for (String p : SUBJECT_PREFIXES) {
            if (subject.startsWith(p)) {
                return true;
            }
        }
        return subject.contains("out of office") || subject.contains("on vacation")
                || ctx.headerLower("Precedence").equals("auto_reply");
    }

    static boolean fromDaemon(String fromLower) {
        String f = fromLower.toLowerCase(Locale.ROOT);
        return f.contains("mailer-daemon") || f.contains("postmaster") || f.contains("mail delivery")
                || f.contains("mail delivery subsystem") || f.contains("mailer daemon");
    }
}
