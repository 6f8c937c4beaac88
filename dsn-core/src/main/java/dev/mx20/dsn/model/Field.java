package dev.mx20.dsn.model;

/**
 * One header-style field of a delivery-status part, kept as received (unfolded, comments kept).
 * Used for fields mx20 has no typed slot for, e.g. {@code X-Postfix-Sender}.
 */
public record Field(String name, String value) {
}
