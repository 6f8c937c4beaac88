package dev.mx20.relay.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which process listens on a TCP port, from Linux's {@code /proc}: an external test peer (smtp-sink) is started
 * on a port chosen beforehand, and "something answers on the port" does not prove that the peer, not another
 * process that took the port in the meantime, is listening.
 */
public final class Listeners {
    /** {@code st} of a listening socket in {@code /proc/net/tcp} (TCP_LISTEN). */
    private static final String LISTEN = "0A";

    private Listeners() {
    }

    /**
     * @return whether process {@code pid} holds a listening TCP socket (IPv4 or IPv6) on {@code port}; empty
     *         when this cannot be told (no {@code /proc}, or the process's descriptors are not readable)
     */
    public static Optional<Boolean> listens(long pid, int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    // sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode ...
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[1].contains(":") || !LISTEN.equals(f[3])) {
                        continue;
                    }
                    String hexPort = f[1].substring(f[1].lastIndexOf(':') + 1);
                    if (Integer.parseInt(hexPort, 16) == port) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException | NumberFormatException unreadable) {
                return Optional.empty();
            }
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                        return Optional.of(true);
                    }
                } catch (IOException closedMeanwhile) {
                    // gone between the listing and the read
                }
            }
            return Optional.of(false);
        } catch (IOException | SecurityException noAccess) {
            // the process has exited (then it does not listen) or its descriptors are not ours to read
            return Files.exists(Path.of("/proc", Long.toString(pid))) ? Optional.empty() : Optional.of(false);
        }
    }
}
