package dev.mx20.relay.dns;

import java.util.Arrays;

/**
 * A binary min-heap of deadlines whose entries know their place, so an answered query leaves the heap in
 * O(log n) instead of waiting there until its deadline ({@link java.util.PriorityQueue#remove(Object)} is O(n)).
 * Not thread-safe: {@link UdpExchange}'s loop thread is its only user.
 *
 * @param <E> the entries
 */
final class DeadlineHeap<E extends DeadlineHeap.Entry> {
    /** Something with a deadline ({@link System#nanoTime()} scale) and its index in at most one heap. */
    abstract static class Entry {
        final long deadlineNanos;
        int index = -1; // maintained by the heap only

        Entry(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    private Entry[] heap = new Entry[64];
    private int size;

    int size() {
        return size;
    }

    /** The entry with the earliest deadline, or null. */
    @SuppressWarnings("unchecked")
    E peek() {
        return size == 0 ? null : (E) heap[0];
    }

    void add(E e) {
        if (e.index >= 0) {
            throw new IllegalStateException("already in a heap");
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = e;
        e.index = size;
        size++;
        up(e.index);
    }

    /** Removes and returns the earliest entry, or null. */
    E poll() {
        E first = peek();
        if (first != null) {
            remove(first);
        }
        return first;
    }

    /** Removes {@code e} if it is in this heap; true when it was. */
    boolean remove(E e) {
        int i = e.index;
        if (i < 0 || i >= size || heap[i] != e) {
            return false;
        }
        size--;
        Entry last = heap[size];
        heap[size] = null;
        e.index = -1;
        if (i != size) {
            heap[i] = last;
            last.index = i;
            down(i);
            up(last.index);
        }
        return true;
    }

    private static boolean before(Entry a, Entry b) {
        return a.deadlineNanos - b.deadlineNanos < 0; // nanoTime may wrap: compare differences
    }

    private void up(int i) {
        Entry e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = e;
        e.index = i;
    }

    private void down(int i) {
        Entry e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], e)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = e;
        e.index = i;
    }
}
