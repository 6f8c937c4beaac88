package dev.mx20.dsn.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * The phrases that the classifier's readers other than the phrase table look for in a diagnostic, laid out as one
 * list: {@link RuleBook#match(String, boolean[])} finds them in the same pass over the normalised text as the
 * rules' fragments, and each reader then reads its block of the flags instead of scanning the text again (one
 * {@code contains} per provider literal, host name and system text was ~1 µs per small bounce, a quarter of the
 * classifier's time). The pass answers exactly {@link String#contains} for each phrase ({@link PhraseMatcher}).
 */
final class ExtraPhrases {
    private ExtraPhrases() {
    }

    /** Where each reader's phrases start in {@link #ALL}: the SMTP stage markers ({@link SmtpCommand}) first. */
    static final int STAGE = 0;
    /** {@link ProviderCodes#phrases()} */
    static final int PROVIDER;
    /** {@link SystemPhrases#phrases()} */
    static final int SYSTEM;
    /** All of them, in the order of the offsets above. */
    static final List<String> ALL;

    static {
        List<String> all = new ArrayList<>(SmtpCommand.phrases());
        PROVIDER = all.size();
        all.addAll(ProviderCodes.phrases());
        SYSTEM = all.size();
        all.addAll(SystemPhrases.phrases());
        ALL = List.copyOf(all);
    }
}
