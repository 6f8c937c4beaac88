package dev.mx20.relay.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parsers for setting values, in Postfix's syntax: lists separated by commas and/or whitespace, durations with a
 * unit suffix ({@code s m h d w}, bare numbers are seconds), sizes in bytes, {@code yes}/{@code no} booleans.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** Splits a Postfix list value ({@code "a, b c"}) into its elements; an empty value is an empty list. */
    public static List<String> list(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    /** Parses a Postfix duration such as {@code 300s}, {@code 5d}, {@code 1h}; a bare number means seconds. */
    public static Duration duration(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            throw new ConfigException(name + ": empty duration");
        }
        char unit = v.charAt(v.length() - 1);
        String digits = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
        long n = nonNegative(name, digits);
        return switch (Character.isDigit(unit) ? 's' : unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            case 'w' -> Duration.ofDays(7 * n);
            default -> throw new ConfigException(name + ": unknown time unit '" + unit + "' in '" + value
                    + "' (use s, m, h, d or w)");
        };
    }

    /** Parses a non-negative decimal number. */
    public static long nonNegative(String name, String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit)) {
            throw new ConfigException(name + ": '" + value + "' is not a non-negative number");
        }
        return Long.parseLong(v);
    }

    /** Parses {@code yes}/{@code no} (also {@code true}/{@code false}). */
    public static boolean bool(String name, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new ConfigException(name + ": '" + value + "' is neither yes nor no");
        };
    }
}
