package dev.mx20.rest.dsn.json;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.rest.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written serializer must write exactly what Jackson's databind wrote for these records in the service
 * (names in alphabetical order, nulls written, lists as arrays): the reference here is databind with the
 * serializer annotation ignored. Checked on real reports and on records full of nulls and awkward characters.
 */
class ReportJsonSerializerTest {
    private static final ObjectMapper HAND_WRITTEN = new ObjectMapper();
    /** Databind as the service used it before the serializer: alphabetical order, no custom serializer. */
    private static final ObjectMapper DATABIND = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Object findSerializer(Annotated a) {
                    return null;
                }
            })
            .build();

    @Test
    void writesTheSameBytesAsDatabindForRealReports() throws Exception {
        BounceAnalyzer analyzer = BounceAnalyzer.create();
        List<byte[]> messages = new ArrayList<>();
        for (String name : Fixtures.EXAMPLES) {
            messages.add(Fixtures.example(name));
        }
        messages.add(Fixtures.bytes("fixtures/autoreply/vacation-rfc3834.eml"));
        messages.add(Fixtures.bytes("fixtures/plain/personal-message.eml"));
        int recipients = 0;
        for (byte[] m : messages) {
            ReportJson report = ReportJsonMapper.toJson(analyzer.analyze(m));
            recipients += report.recipients().size();
            assertSame(report);
            // Twice: the second time the recurring texts come from the cache.
            assertSame(report);
        }
        assertTrue(recipients >= 3, "the examples report recipients");
    }

    @Test
    void writesNullsAndAwkwardCharactersLikeDatabind() throws Exception {
        assertSame(new ReportJson(null, null, null, null, null, null, null, null, null, null, null));
        assertSame(new ReportJson("dsn", null, null, null, null, null, null, List.of(), null, List.of(), List.of()));
        Random random = new Random(9457);
        for (int i = 0; i < 200; i++) {
            assertSame(new ReportJson(awkward(random), awkward(random), awkward(random), null, awkward(random), "",
                    awkward(random), Arrays.asList(new FieldJson(awkward(random), null), null),
                    new OriginalJson(awkward(random), null, awkward(random), awkward(random), null),
                    Arrays.asList(recipient(random), null, recipient(random)),
                    Arrays.asList(awkward(random), null)));
        }
    }

    private static RecipientJson recipient(Random random) {
        return new RecipientJson(awkward(random), null, awkward(random), awkward(random), null,
                random.nextBoolean() ? null : new DiagnosticJson(awkward(random), awkward(random),
                        random.nextBoolean() ? null : random.nextInt(1000)),
                awkward(random), null, awkward(random), List.of(new FieldJson("X-A", awkward(random))),
                awkward(random), awkward(random), null, random.nextBoolean(), awkward(random), awkward(random),
                awkward(random));
    }

    /** Quotes, backslashes, control characters, non-ASCII, a surrogate pair; sometimes null. */
    private static String awkward(Random random) {
        if (random.nextInt(8) == 0) {
            return null;
        }
        String[] parts = {"a", "\"", "\\", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "日本", "😀", "</x>", " ", "5.1.1"};
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            s.append(parts[random.nextInt(parts.length)]);
        }
        return s.toString();
    }

    private static void assertSame(ReportJson report) throws Exception {
        byte[] expected = DATABIND.writeValueAsBytes(report);
        byte[] actual = HAND_WRITTEN.writeValueAsBytes(report);
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertTrue(Arrays.equals(expected, actual));
    }
}
