package dev.mx20.relay.spool;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Group commit for directory {@code fsync}s: one {@code fsync} of the directory makes durable every entry created
 * or renamed before it started, so sessions that wait at the same time can share one instead of queueing for
 * one each (the directory's inode lock serialises them in the kernel anyway).
 *
 * <p>A caller takes a ticket after its own directory changes are done. If an {@code fsync} is running, it may
 * have started before those changes, so the caller waits for the next one; that next one, started by whichever
 * waiter gets there first, covers every ticket handed out before it started. A failed {@code fsync} covers
 * nobody: its caller gets the exception, the others try again.
 */
final class DirectorySync implements AutoCloseable {
    private final FileChannel directory;
    private long ticketsIssued;
    private long ticketsDurable;
    private boolean syncing;

    DirectorySync(Path directory) throws IOException {
        this.directory = FileChannel.open(directory, StandardOpenOption.READ);
    }

    /** Returns once an {@code fsync} of the directory that started after this call began has completed. */
    void sync() throws IOException {
        long covers;
        synchronized (this) {
            long ticket = ++ticketsIssued;
            while (syncing && ticketsDurable < ticket) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the spool directory sync");
                }
            }
            if (ticketsDurable >= ticket) {
                return;
            }
            syncing = true;
            covers = ticketsIssued;
        }
        boolean done = false;
        try {
            directory.force(true);
            done = true;
        } finally {
            synchronized (this) {
                syncing = false;
                if (done) {
                    ticketsDurable = Math.max(ticketsDurable, covers);
                }
                notifyAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        directory.close();
    }
}
