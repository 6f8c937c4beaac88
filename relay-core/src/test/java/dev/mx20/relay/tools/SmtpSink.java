package dev.mx20.relay.tools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} as a test peer: it listens on one loopback address and dumps every received
 * message (with {@code X-Client-Addr}, {@code X-Mail-Args}, {@code X-Rcpt-Args} headers) into a directory.
 */
public final class SmtpSink implements AutoCloseable {
    /** How many fresh ports {@link #startOnFreePort} tries before it gives up. */
    private static final int PORT_ATTEMPTS = 5;
    private final Process process;
    private final Path dumps;
    private final int port;

    private SmtpSink(Process process, Path dumps, int port) {
        this.process = process;
        this.dumps = dumps;
        this.port = port;
    }

    /**
     * smtp-sink could not have the port: another process listens there (it was free when the test chose it, and
     * someone took it before smtp-sink bound it). The caller may try again with another port.
     */
    public static final class PortTakenException extends IOException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /** @return the process id of smtp-sink */
    public long pid() {
        return process.pid();
    }

    /** @return the port this sink listens on */
    public int port() {
        return port;
    }

    /**
     * Starts smtp-sink on a free port of {@code host}. smtp-sink cannot be handed a bound socket or tell which port
     * it chose, so a port is picked by binding and closing a socket; another process may take it in between, and
     * then a fresh port is tried (at most {@value #PORT_ATTEMPTS} times).
     */
    public static SmtpSink startOnFreePort(Path binary, String host, String... extra)
            throws IOException, InterruptedException {
        PortTakenException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            try {
                return start(binary, host, freePort(host), extra);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    /** A port free on {@code host} just now (free again once the probe is closed). */
    public static int freePort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    /**
     * Starts {@code smtp-sink} on {@code host:port} (a literal loopback address) and waits until it, not another
     * process, listens there.
     *
     * @param extra more smtp-sink options, e.g. {@code -f RCPT -B "550 5.1.1 Error: user unknown"}
     * @throws PortTakenException if another process has the port (smtp-sink exits, unable to bind)
     */
    public static SmtpSink start(Path binary, String host, int port, String... extra) throws IOException, InterruptedException {
        Path dumps = Files.createTempDirectory("mx20-sink");
        // smtp-sink drops root privileges (-u nobody is mandatory for root), so its dump directory must be open.
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> cmd = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "nobody"));
        }
        cmd.addAll(List.of("-d", dumps + "/%Y%m%d%H%M%S."));
        cmd.addAll(List.of(extra));
        cmd.add((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        cmd.add("64");
        Path log = dumps.resolveSibling(dumps.getFileName() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SmtpSink sink = new SmtpSink(p, dumps, port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            IOException notYet = null;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                // something answers: smtp-sink only if it holds the listening socket (it may have died on "address
                // already in use" while another process answers on the port)
                if (Listeners.listens(p.pid(), port).orElse(true)) {
                    return sink;
                }
            } catch (IOException e) {
                notYet = e;
            }
            if (!p.isAlive()) {
                String said = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1).strip() : "";
                sink.close();
                if (notYet == null || said.contains("in use")) {
                    throw new PortTakenException("smtp-sink could not listen on " + host + ":" + port
                            + ", another process has it: " + said);
                }
                throw new IOException("smtp-sink did not start on " + host + ":" + port + ": " + said, notYet);
            }
            if (System.nanoTime() > end) {
                sink.close();
                throw new IOException("smtp-sink did not start on " + host + ":" + port, notYet);
            }
            Thread.sleep(50);
        }
    }

    /**
     * @return every message received so far (dump files, complete ones only), as text. smtp-sink opens a message's
     *         dump at MAIL and writes it in 4 KiB chunks while the DATA arrives (seen with Postfix 3.7's smtp-sink: 12288
     *         of 14513 bytes on disk in the middle of DATA), so a file it still holds open is skipped: a test waiting
     *         for a marker near the top of a larger message would otherwise get a truncated one.
     */
    public List<String> messages() throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> listed;
        try (Stream<Path> files = Files.list(dumps)) {
            listed = files.sorted().toList();
        }
        // After the listing: a file listed and not open now was closed, and smtp-sink never reopens a dump.
        Set<Path> open = openFiles();
        for (Path f : listed) {
            if (open.contains(f.toRealPath())) {
                continue; // still being written
            }
            String text = Files.readString(f, StandardCharsets.ISO_8859_1);
            if (!text.isEmpty()) {
                out.add(text);
            }
        }
        return out;
    }

    /** The files smtp-sink has open (Linux {@code /proc/PID/fd}; empty where that does not exist). */
    private Set<Path> openFiles() {
        Set<Path> open = new HashSet<>();
        Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    open.add(Files.readSymbolicLink(link)); // the kernel gives the real path
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away between the listing and the read: not open any more
                }
            }
        } catch (IOException noProc) {
            // not Linux, or the process has exited (then nothing is being written either)
        }
        return open;
    }

    /** Stops the sink (this process only) and deletes its dumps. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.list(dumps)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dumps);
        Files.deleteIfExists(dumps.resolveSibling(dumps.getFileName() + ".log"));
    }
}
