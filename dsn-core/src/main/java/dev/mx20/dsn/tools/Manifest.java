package dev.mx20.dsn.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expected results of a labelled bounce corpus: a tab-separated file with one header line and one row
 * per expected recipient, columns {@code file, family, recipient-index, status, replycode, reason, hardbounce}
 * (the format of the shared {@code bounce-corpus/manifest.tsv}).
 *
 * @param rowsByFile the rows grouped by file name, files in name order, rows in recipient-index order
 */
public record Manifest(Map<String, List<Row>> rowsByFile) {

    /**
     * One expected recipient.
     *
     * @param file           the {@code .eml} file name
     * @param family         the MTA family, e.g. {@code lhost-postfix}
     * @param recipientIndex 1-based position of the recipient in the report
     * @param status         the expected RFC 3463 status code, empty when none
     * @param replyCode      the expected SMTP reply code, empty when none
     * @param reason         the expected Sisimai reason name
     * @param hardBounce     whether the labeller judged it a hard bounce
     */
    public record Row(String file, String family, int recipientIndex, String status, String replyCode,
                      String reason, boolean hardBounce) {
    }

    public Manifest {
        Map<String, List<Row>> copy = new LinkedHashMap<>();
        new TreeMap<>(rowsByFile).forEach((file, rows) -> {
            List<Row> sorted = new ArrayList<>(rows);
            sorted.sort((a, b) -> Integer.compare(a.recipientIndex(), b.recipientIndex()));
            copy.put(file, List.copyOf(sorted));
        });
        rowsByFile = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads a manifest file.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when a row has too few columns or a bad recipient index
     */
    public static Manifest read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        Map<String, List<Row>> rows = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) { // line 0 is the header
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t", -1);
            if (c.length < 7) {
                throw new IllegalArgumentException(tsv + ":" + (i + 1) + ": expected 7 columns, got " + c.length);
            }
            int index;
            try {
                index = Integer.parseInt(c[2].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(tsv + ":" + (i + 1) + ": bad recipient-index '" + c[2] + "'");
            }
            Row row = new Row(c[0].trim(), c[1].trim(), index, c[3].trim(), c[4].trim(), c[5].trim(),
                    "1".equals(c[6].trim()));
            rows.computeIfAbsent(row.file(), f -> new ArrayList<>()).add(row);
        }
        return new Manifest(rows);
    }
}
