package dev.mx20.relay.validate;

/** How bad a finding is. Only {@link #ERROR} makes a configuration invalid. */
public enum Severity {
    /** Mail will be lost, bounced or refused: fix before relying on the setup. */
    ERROR,
    /** Works today but fragile, or rejected by some receivers. */
    WARNING,
    /** Worth knowing; no action required. */
    INFO
}
