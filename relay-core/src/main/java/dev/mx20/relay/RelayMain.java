package dev.mx20.relay;

import dev.mx20.relay.config.ConfigException;
import dev.mx20.relay.config.ConfigFile;
import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.config.Setting;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.policy.RecipientList;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.CorruptMessage;
import dev.mx20.relay.spool.SpooledMessage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone relay and its queue tools:
 * <pre>
 * mx20-relay [-c relay.cf] run            run the relay until SIGTERM/SIGINT
 * mx20-relay [-c relay.cf] check          validate the configuration and recipient list, print the settings
 * mx20-relay [-c relay.cf] queue list     list queued mail, like mailq
 * mx20-relay [-c relay.cf] queue flush    retry deferred mail now, like postqueue -f
 * mx20-relay [-c relay.cf] queue hold ID      put a message on hold, like postsuper -h
 * mx20-relay [-c relay.cf] queue release ID   release a held message (retried now), like postsuper -H
 * mx20-relay [-c relay.cf] queue delete ID    delete a message without a DSN, like postsuper -d
 * </pre>
 * Exit codes: 0 success, 64 usage error, 78 configuration error, 75 (temporary failure) otherwise, as sysexits.h.
 * The queue commands work on the spool directory and talk to a running relay through a request file there, so
 * they need no network port and no credentials beyond file permissions. When no relay runs on the spool, hold,
 * release and delete change the spool directly (under its lock). Exit code 66 (EX_NOINPUT): no such queue id.
 * A handful of fixed commands need no CLI library.
 */
public final class RelayMain {
    static final int EX_USAGE = 64;
    static final int EX_DATAERR = 65;
    static final int EX_NOINPUT = 66;
    static final int EX_TEMPFAIL = 75;
    static final int EX_CONFIG = 78;
    private static final String DEFAULT_CONFIG = "/etc/mx20/relay.cf";
    private static final List<String> OPERATIONS = List.of("hold", "release", "delete");
    /** How long {@code queue hold|release|delete} waits for a running relay to carry the request out. */
    static final Duration REQUEST_WAIT = Duration.ofSeconds(10);

    private RelayMain() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null
                && System.getProperty("java.util.logging.config.file") == null) {
            // One line per event, like a syslog line: time, level, source, message (LogLineFormatter). An operator's
            // own logging configuration or format wins.
            System.setProperty("java.util.logging.SimpleFormatter.format", LogLineFormatter.SIMPLE_FORMAT);
            LogLineFormatter lines = new LogLineFormatter(ZoneId.systemDefault());
            for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
                if (h.getFormatter() instanceof java.util.logging.SimpleFormatter) {
                    h.setFormatter(lines);
                }
            }
        }
        int rc = run(args, System.out, System.err);
        if (rc != 0 || !command(List.of(args)).equals("run")) {
            // After a normal "run" the JVM is already shutting down (SIGTERM): exit() would block there.
            System.exit(rc);
        }
    }

    /** Runs a command; returns the exit code (the {@code run} command returns only after shutdown). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> a = new ArrayList<>(List.of(args));
        Path configFile = Path.of(DEFAULT_CONFIG);
        if (a.size() >= 2 && (a.get(0).equals("-c") || a.get(0).equals("--config"))) {
            configFile = Path.of(a.get(1));
            a = a.subList(2, a.size());
        }
        String command = command(a);
        RelayConfig config;
        try {
            config = ConfigFile.parse(configFile);
        } catch (ConfigException e) {
            err.println("mx20-relay: " + e.getMessage());
            return EX_CONFIG;
        }
        try {
            return switch (command) {
                case "run" -> runRelay(config, err);
                case "check" -> check(config, out, err);
                case "queue list" -> list(config.queueDirectory(), out);
                case "queue flush" -> {
                    Spool.requestFlush(config.queueDirectory());
                    out.println("mx20-relay: flush requested; the running relay retries deferred mail within a second");
                    yield 0;
                }
                default -> {
                    String[] w = command.split(" ");
                    if (w.length == 3 && w[0].equals("queue") && OPERATIONS.contains(w[1])) {
                        yield queueOperation(config.queueDirectory(),
                                Spool.Operation.valueOf(w[1].toUpperCase(Locale.ROOT)), w[2], out, err);
                    }
                    err.println("usage: mx20-relay [-c relay.cf] [run | check | queue list | queue flush"
                            + " | queue hold ID | queue release ID | queue delete ID]");
                    yield EX_USAGE;
                }
            };
        } catch (ConfigException e) {
            err.println("mx20-relay: " + e.getMessage());
            return EX_CONFIG;
        } catch (IOException e) {
            err.println("mx20-relay: " + e.getMessage());
            return EX_TEMPFAIL;
        }
    }

    /** @return the command words after {@code -c file}, "run" when there are none */
    private static String command(List<String> args) {
        List<String> a = args.size() >= 2 && (args.get(0).equals("-c") || args.get(0).equals("--config"))
                ? args.subList(2, args.size()) : args;
        return a.isEmpty() ? "run" : String.join(" ", a);
    }

    private static int runRelay(RelayConfig config, PrintStream err) throws IOException {
        MxRelay relay = MxRelay.builder(config).build();
        CountDownLatch stopped = new CountDownLatch(1);
        relay.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int check(RelayConfig config, PrintStream out, PrintStream err) throws IOException {
        for (Setting s : Setting.values()) {
            if (!config.get(s).equals(s.defaultValue())) {
                out.println(s.key() + " = " + config.get(s));
            }
        }
        if (config.relayRecipientMaps().isPresent()) {
            try {
                RecipientList l = RecipientList.load(config.relayRecipientMaps().get());
                out.println("# relay_recipient_maps: " + l.size() + " entries");
            } catch (IllegalArgumentException e) {
                throw new ConfigException("relay_recipient_maps: " + e.getMessage(), e);
            }
        }
        if (!Files.isDirectory(config.queueDirectory())) {
            out.println("# queue_directory " + config.queueDirectory() + " does not exist yet; run creates it");
        }
        return 0;
    }

    /**
     * Holds, releases or deletes one message: through the running relay (a request file it polls for, so its
     * delivery workers never race the change) or, when none runs, directly on the spool under its lock.
     */
    static int queueOperation(Path root, Spool.Operation op, String id, PrintStream out, PrintStream err)
            throws IOException {
        String done = switch (op) {
            case HOLD -> "placed on hold";
            case RELEASE -> "released from hold";
            case DELETE -> "deleted";
        };
        if (!Spool.isQueueId(id)) {
            err.println("mx20-relay: '" + id + "' is not a queue id (upper-case hexadecimal, as `queue list` shows)");
            return EX_USAGE;
        }
        if (!Spool.exists(root, id)) {
            err.println("mx20-relay: " + id + ": no such message in the queue");
            return EX_NOINPUT;
        }
        try (Spool spool = Spool.open(root, Clock.systemUTC())) {
            boolean found = switch (op) {
                case HOLD -> spool.hold(id).isPresent();
                case RELEASE -> spool.release(id).isPresent();
                case DELETE -> spool.delete(id);
            };
            if (!found && op == Spool.Operation.RELEASE && spool.isCorrupt(id)) {
                String why = spool.listCorrupt().stream().filter(c -> c.queueId().equals(id))
                        .map(CorruptMessage::reason).findFirst().orElse("");
                err.println("mx20-relay: " + id + ": still not deliverable, left in the corrupt queue: " + why);
                return EX_DATAERR;
            }
            if (!found) {
                err.println("mx20-relay: " + id + ": no such message in the queue");
                return EX_NOINPUT;
            }
            out.println("mx20-relay: " + id + ": " + done);
            return 0;
        } catch (Spool.LockedException running) {
            Path request = Spool.requestOperation(root, id, op);
            long end = System.nanoTime() + REQUEST_WAIT.toNanos();
            while (Files.exists(request) && System.nanoTime() < end) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (Files.exists(request)) {
                err.println("mx20-relay: " + id + ": requested, but the relay has not carried it out within "
                        + REQUEST_WAIT.toSeconds() + " s; it will when it polls its spool again (" + request + ")");
                return EX_TEMPFAIL;
            }
            if (op == Spool.Operation.RELEASE) {
                java.util.Optional<CorruptMessage> still = Spool.listCorruptDirectory(root).stream()
                        .filter(c -> c.queueId().equals(id)).findFirst();
                if (still.isPresent()) {
                    err.println("mx20-relay: " + id + ": still not deliverable, left in the corrupt queue: "
                            + still.get().reason());
                    return EX_DATAERR;
                }
            }
            out.println("mx20-relay: " + id + ": " + done + " (by the running relay)");
            return 0;
        }
    }

    /** Prints the queue in {@code mailq}'s layout; a held message's id is followed by {@code !}, as in mailq. */
    static int list(Path queueDirectory, PrintStream out) throws IOException {
        List<SpooledMessage> all = Spool.listDirectory(queueDirectory);
        List<CorruptMessage> corrupt = Spool.listCorruptDirectory(queueDirectory);
        if (all.isEmpty()) {
            out.println("Mail queue is empty");
            listCorrupt(corrupt, out);
            return 0;
        }
        DateTimeFormatter when = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss", Locale.ROOT)
                .withZone(ZoneId.systemDefault());
        out.println("-Queue ID-               --Size-- ----Arrival Time---- -Sender/Recipient-------");
        long bytes = 0;
        for (SpooledMessage m : all) {
            long size = Files.exists(m.content()) ? Files.size(m.content()) : 0;
            bytes += size;
            out.printf(Locale.ROOT, "%-24s %8d %20s  %s%n", m.queueId() + (m.held() ? "!" : ""), size,
                    when.format(m.arrival()),
                    m.sender().isEmpty() ? "MAILER-DAEMON" : m.sender());
            if (m.heldReason() != null) {
                out.printf("%56s(held by the relay: %s)%n", "", m.heldReason());
            }
            for (OutboundRecipient r : m.recipients()) {
                m.lastOutcomes().stream().filter(o -> o.recipient().equals(r.address())).findFirst()
                        .ifPresent(o -> out.printf("%56s(%s)%n", "", reason(o)));
                out.printf("%56s%s%n", "", r.address());
            }
            out.println();
        }
        out.printf(Locale.ROOT, "-- %d Kbytes in %d Request%s.%n", (bytes + 1023) / 1024, all.size(),
                all.size() == 1 ? "" : "s");
        listCorrupt(corrupt, out);
        return 0;
    }

    /**
     * Prints the corrupt queue after the queue: messages that got a 250 but can neither be delivered nor bounced;
     * an operator inspects {@code queue_directory/corrupt/}, then {@code queue delete ID} or repairs the files and
     * {@code queue release ID}.
     */
    private static void listCorrupt(List<CorruptMessage> corrupt, PrintStream out) {
        if (corrupt.isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "-- %d corrupt message%s (in corrupt/; `queue release ID` after a repair, "
                + "`queue delete ID`):%n", corrupt.size(), corrupt.size() == 1 ? "" : "s");
        for (CorruptMessage c : corrupt) {
            out.printf(Locale.ROOT, "%-24s %s%s%n", c.queueId() + "#", c.reason(),
                    c.hasContent() ? "" : " [no content file]");
        }
    }

    private static String reason(RecipientOutcome o) {
        String where = o.remoteMta() == null ? "" : "host " + o.remoteMta()
                + (o.remoteAddress() == null ? "" : "[" + o.remoteAddress() + "]") + " said: ";
        return where + (o.replyCode() > 0 ? o.replyCode() + " " : "") + o.diagnostic();
    }
}
