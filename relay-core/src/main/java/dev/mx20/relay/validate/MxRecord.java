package dev.mx20.relay.validate;

import java.util.Optional;

/** One MX record's data; {@code host} is "." for a null MX (RFC 7505). */
record MxRecord(int preference, String host) {
    /** Parses {@code "10 host.example"} as rendered by the DNS layer. */
    static Optional<MxRecord> parse(String data) {
        String[] parts = data.strip().split("\\s+");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MxRecord(Integer.parseInt(parts[0]), parts[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean isNull() {
        return ".".equals(host);
    }

    @Override
    public String toString() {
        return "MX " + preference + " " + host;
    }
}
