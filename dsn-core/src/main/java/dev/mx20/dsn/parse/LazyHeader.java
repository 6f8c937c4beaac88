package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * A header as mime4j delivered it (the report's own, a returned message's, a body part's), each field's value made
 * (unfolded, charset-checked) only when someone asks for it. Family detection asks for some forty names per message,
 * most of them absent; of the ten to thirty fields of a report header only a handful are ever read, and building every
 * value up front (a copy, an ASCII check and an unfolding per field) was about 4 % of {@code analyze}. Names are known
 * at once (mime4j parsed them), so lookups by name never build the values they pass over.
 *
 * <p>Unmodifiable; not thread-safe (a {@link ParsedMail} belongs to one parse). Equal to any list of the same
 * {@link Field}s, like the eager list it replaces.
 */
final class LazyHeader extends AbstractList<Field> implements RandomAccess {
    private final Function<org.apache.james.mime4j.stream.Field, Field> convert;
    private org.apache.james.mime4j.stream.Field[] raw;
    private Field[] made;
    private int size;

    /** @param convert how one mime4j field becomes a {@link Field}; must not throw */
    LazyHeader(Function<org.apache.james.mime4j.stream.Field, Field> convert) {
        this(convert, 16);
    }

    /**
     * @param convert  how one mime4j field becomes a {@link Field}; must not throw
     * @param capacity fields expected (grows past it): a body part keeps two or three
     */
    LazyHeader(Function<org.apache.james.mime4j.stream.Field, Field> convert, int capacity) {
        this.convert = convert;
        this.raw = new org.apache.james.mime4j.stream.Field[Math.max(1, capacity)];
        this.made = new Field[raw.length];
    }

    /** Appends a field while mime4j reads the header; the field must stay valid after the stream moves on. */
    void addRaw(org.apache.james.mime4j.stream.Field f) {
        if (size == raw.length) {
            raw = Arrays.copyOf(raw, size * 2);
            made = Arrays.copyOf(made, size * 2);
        }
        raw[size++] = f;
    }

    @Override
    public Field get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        Field f = made[index];
        if (f == null) {
            f = convert.apply(raw[index]);
            made[index] = f;
        }
        return f;
    }

    @Override
    public int size() {
        return size;
    }

    /** The name of field {@code index}, without building its value. */
    String name(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return raw[index].getName();
    }

    /** Same answer as {@link Headers#first}: the value of the first field with that name, ignoring case. */
    String first(String name) {
        for (int i = 0; i < size; i++) {
            if (raw[i].getName().equalsIgnoreCase(name)) {
                return get(i).value();
            }
        }
        return null;
    }
}
