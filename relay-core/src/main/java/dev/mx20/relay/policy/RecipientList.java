package dev.mx20.relay.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The valid recipients of the relayed domains ({@code relay_recipient_maps}), read from a plain text file:
 * <pre>
 * # comment lines and blank lines are ignored
 * alice@example.com          one address per line (compared case-insensitively)
 * @example.net                every local-part of example.net (use only when the primary really accepts them all)
 * </pre>
 * Anything after the address on a line is ignored (so Postfix-style {@code address OK} maps work unchanged).
 * The file is re-read when its modification time, size or identity changes, checked at each lookup (one
 * {@code stat}); no restart is needed. Replace it atomically ({@code mv new-list list}) so no lookup sees half a
 * file. A file that becomes unreadable or invalid keeps the previous list in force and is logged: failing closed
 * (rejecting every recipient) would bounce legitimate mail at the sender for an operator's typo.
 */
public final class RecipientList {
    private static final Logger LOG = Logger.getLogger(RecipientList.class.getName());

    private final Path file;
    private volatile Snapshot current;

    private record Snapshot(Object stamp, Set<String> addresses, Set<String> domains) {
    }

    private RecipientList(Path file, Snapshot first) {
        this.file = file;
        this.current = first;
    }

    /**
     * Loads the list.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the line, when a line is not an address
     */
    public static RecipientList load(Path file) throws IOException {
        return new RecipientList(file, read(file));
    }

    /** @return whether {@code address} ({@code local@domain}) is a valid recipient, after reloading if needed */
    public boolean contains(String address) {
        Snapshot s = fresh();
        String a = address.toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        return s.addresses.contains(a) || at >= 0 && s.domains.contains(a.substring(at + 1));
    }

    /** @return how many entries are in force (for logs and status output) */
    public int size() {
        Snapshot s = fresh();
        return s.addresses.size() + s.domains.size();
    }

    private Snapshot fresh() {
        Snapshot s = current;
        try {
            if (!Objects.equals(stamp(file), s.stamp)) {
                synchronized (this) {
                    if (current == s) {
                        current = read(file);
                        LOG.info(() -> "reloaded recipient list " + file + " (" + current.addresses.size()
                                + " addresses, " + current.domains.size() + " domains)");
                    }
                    s = current;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "recipient list " + file + " not reloaded, keeping the previous one: " + e.getMessage());
        }
        return s;
    }

    private static Object stamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (NoSuchFileException e) {
            throw new IOException("file is missing", e);
        }
    }

    private static Snapshot read(Path file) throws IOException {
        Object stamp = stamp(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Set<String> addresses = new HashSet<>();
        Set<String> domains = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String entry = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (entry.startsWith("@") && MailPath.validDomain(entry.substring(1))) {
                domains.add(entry.substring(1));
            } else if (MailPath.parse("<" + entry + ">").filter(p -> !p.sourceRoute()).isPresent()) {
                addresses.add(entry);
            } else {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": '" + entry + "' is not an address or @domain");
            }
        }
        return new Snapshot(stamp, Set.copyOf(addresses), Set.copyOf(domains));
    }
}
