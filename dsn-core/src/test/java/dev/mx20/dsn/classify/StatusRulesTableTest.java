package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;
import dev.mx20.dsn.taxonomy.EnhancedStatus;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link StatusRules} looks causes up in a [subject][detail] table; it must answer as the lookup by the
 * "subject.detail" string it replaced, for every code of every class, including details past the table.
 */
class StatusRulesTableTest {
    private static final Set<String> DECISIVE = Set.of("2.2", "2.3", "3.4", "7.20", "7.21", "7.22", "7.23", "7.24",
            "7.25");

    @Test
    void tableAnswersAsTheStringKeyedLookup() {
        int causes = 0;
        for (int statusClass : new int[] {2, 4, 5}) {
            for (int subject = 0; subject <= 12; subject++) {
                for (int detail = 0; detail <= 999; detail++) {
                    EnhancedStatus status = new EnhancedStatus(statusClass, subject, detail);
                    Cause expected = status.isSuccess() || status.isTransient() && detail == 0 ? null
                            : StatusRules.AS_WRITTEN.get(status.subjectDetail());
                    assertEquals(expected, StatusRules.causeOf(status), status::toString);
                    assertEquals(DECISIVE.contains(status.subjectDetail()), StatusRules.isDecisive(status),
                            status::toString);
                    causes += expected != null ? 1 : 0;
                }
            }
        }
        assertEquals(true, causes > 100, "causes " + causes);
    }
}
