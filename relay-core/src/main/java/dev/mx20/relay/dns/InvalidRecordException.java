package dev.mx20.relay.dns;

/** A supplied record that does not parse; {@link #index()} is its position in the list (-1: the origin). */
public final class InvalidRecordException extends IllegalArgumentException {
    private final int index;

    public InvalidRecordException(int index, String message) {
        super(message);
        this.index = index;
    }

    /** The zero-based position of the offending record. */
    public int index() {
        return index;
    }
}
