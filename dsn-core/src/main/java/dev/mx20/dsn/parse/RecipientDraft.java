package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.Field;
import dev.mx20.dsn.model.RecipientReport;

import java.util.ArrayList;
import java.util.List;

/**
 * A recipient while it is being assembled from one or more places of a report (the delivery-status part, the
 * human-readable text). Mutable and short-lived; {@link #toReport()} makes the immutable model record.
 */
final class RecipientDraft {
    String finalRecipient;
    String originalRecipient;
    Action action;
    String status;
    String remoteMta;
    String diagnosticType;
    String diagnosticText;
    Integer replyCode;
    String lastAttemptDate;
    String willRetryUntil;
    String finalLogId;
    final List<Field> extensionFields = new ArrayList<>(0);
    /** {@link #diagnosticText} when {@link #command} was read from it (identity: the text is replaced, not edited). */
    private String commandText;
    private String command;
    /** {@link #diagnosticText} when {@link #textReply} was read from it. */
    private String replyText;
    private Integer textReply;
    /** {@link #diagnosticText} when {@link #textStatus} and {@link #remoteStatus} were read from it. */
    private String statusText;
    private String textStatus;
    private String remoteStatus;

    RecipientDraft() {
    }

    RecipientDraft(String finalRecipient) {
        this.finalRecipient = finalRecipient;
    }

    boolean isEmpty() {
        return finalRecipient == null && originalRecipient == null && action == null && status == null
                && diagnosticText == null;
    }

    /** Fills reply code and status from the diagnostic text where the report did not state them. */
    void completeFromDiagnostic() {
        if (diagnosticText == null) {
            return;
        }
        if (replyCode == null && !isExitStatus(diagnosticType)) {
            replyCode = replyCodeInDiagnostic();
        }
        refineStatusFromDiagnostic();
    }

    /**
     * {@link StatusCodes#findReplyCode} of the diagnostic text, remembered while the text stays the same object:
     * the delivery-status parser, the text readers and the enricher each asked for it (up to five scans of the
     * same text per recipient).
     */
    Integer replyCodeInDiagnostic() {
        String text = diagnosticText;
        if (text != replyText) {
            textReply = StatusCodes.findReplyCode(text);
            replyText = text;
        }
        return textReply;
    }

    /**
     * {@link #status} refined by the codes in the diagnostic text ({@link StatusCodes#refine(String, String, String)}).
     * The text's codes are remembered while the text stays the same: the delivery-status parser and the text
     * readers read them here, and the enricher asks again for the text it kept or took over.
     */
    void refineStatusFromDiagnostic() {
        String text = diagnosticText;
        if (text != statusText) {
            textStatus = StatusCodes.findStatus(text);
            remoteStatus = StatusCodes.statusAfterReplyCode(text);
            statusText = text;
        }
        status = StatusCodes.refine(status, textStatus, remoteStatus);
    }

    /**
     * Takes over {@code other}'s diagnostic text, and what was read from that text (SMTP command, reply and status codes),
     * so that it is not read again.
     */
    void takeDiagnosticText(RecipientDraft other) {
        diagnosticText = other.diagnosticText;
        if (other.commandText == diagnosticText && commandText != diagnosticText) {
            commandText = other.commandText;
            command = other.command;
        }
        if (other.replyText == diagnosticText && replyText != diagnosticText) {
            replyText = other.replyText;
            textReply = other.textReply;
        }
        if (other.statusText == diagnosticText && statusText != diagnosticText) {
            statusText = other.statusText;
            textStatus = other.textStatus;
            remoteStatus = other.remoteStatus;
        }
    }

    /**
     * RFC 3464 §2.3.6: a diagnostic of type "X-Unix" is a local delivery program's exit status (Sendmail writes
     * "X-Unix; 255"), never an SMTP reply code.
     */
    static boolean isExitStatus(String diagnosticType) {
        // the first character first: regionMatches(true, ...) folds every character (~1 % of a profile)
        return diagnosticType != null && diagnosticType.length() >= 6
                && (diagnosticType.charAt(0) == 'x' || diagnosticType.charAt(0) == 'X')
                && diagnosticType.regionMatches(true, 0, "x-unix", 0, 6);
    }

    /**
     * {@link SmtpCommand#of} of the diagnostic text, remembered while the text stays the same: the enricher
     * asks for it and the final annotation asks again, and each answer lower-cases and searches the whole text.
     */
    String commandInDiagnostic() {
        String text = diagnosticText;
        if (text == null) {
            return null;
        }
        if (text != commandText) {
            command = SmtpCommand.of(text);
            commandText = text;
        }
        return command;
    }

    RecipientReport toReport() {
        Diagnostic d = diagnosticText == null && replyCode == null && diagnosticType == null ? null
                : new Diagnostic(diagnosticType, diagnosticText == null ? "" : diagnosticText, replyCode);
        return new RecipientReport(finalRecipient, originalRecipient, action, status, remoteMta, d,
                lastAttemptDate, willRetryUntil, finalLogId, extensionFields, null);
    }
}
