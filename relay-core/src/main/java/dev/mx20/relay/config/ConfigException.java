package dev.mx20.relay.config;

/**
 * A relay configuration that cannot be used, with a message naming the setting (and line) at fault.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the setting and, when read from a file, the line */
    public ConfigException(String message) {
        super(message);
    }

    /** @param message what is wrong; @param cause the underlying failure */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
