package dev.mx20.relay.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a relay configuration file in Postfix {@code main.cf} syntax:
 * {@code name = value} lines, {@code #} comment lines, blank lines, and continuation lines that start with
 * whitespace (they extend the previous value). Unknown names and repeated names are errors, reported with the
 * line number, so that a typo never silently falls back to a default.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** Reads and validates {@code file}. @throws ConfigException naming the file, line and setting */
    public static RelayConfig parse(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses configuration lines; {@code source} names them in error messages. */
    public static RelayConfig parse(List<String> lines, String source) {
        RelayConfig.Builder b = RelayConfig.builder();
        Map<String, Integer> seen = new HashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (name == null) {
                    throw new ConfigException(source + ":" + lineNo + ": continuation line without a setting");
                }
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                apply(b, name, value.toString(), source, startLine);
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(source + ":" + lineNo + ": expected 'name = value', got '" + line.strip() + "'");
            }
            name = line.substring(0, eq).strip();
            if (!name.matches("[A-Za-z0-9_]+")) {
                throw new ConfigException(source + ":" + lineNo + ": '" + name + "' is not a setting name");
            }
            Integer before = seen.put(name, lineNo);
            if (before != null) {
                throw new ConfigException(source + ":" + lineNo + ": " + name + " already set on line " + before);
            }
            value.setLength(0);
            value.append(line.substring(eq + 1).strip());
            startLine = lineNo;
        }
        if (name != null) {
            apply(b, name, value.toString(), source, startLine);
        }
        try {
            return b.build();
        } catch (ConfigException e) {
            String n = e.getMessage().split(":", 2)[0];
            Integer line = seen.get(n);
            throw new ConfigException(source + (line == null ? "" : ":" + line) + ": " + e.getMessage(), e);
        }
    }

    private static void apply(RelayConfig.Builder b, String name, String value, String source, int line) {
        try {
            b.set(name, value);
        } catch (ConfigException e) {
            throw new ConfigException(source + ":" + line + ": " + e.getMessage(), e);
        }
    }
}
