package dev.mx20.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test fixtures from the class path: the repo's examples/bounces and src/test/resources. */
public final class Fixtures {
    /** The README's example bounces, each with a golden file in golden/. */
    public static final List<String> EXAMPLES = List.of(
            "postfix-ipv6-network-unreachable", "gmail-5.7.25-ipv6-ptr", "rfc3464-user-unknown");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FROM_LINE = Pattern.compile("^>*From ", Pattern.MULTILINE);

    private Fixtures() {
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, "missing test resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] example(String name) {
        return bytes("examples/bounces/" + name + ".eml");
    }

    public static JsonNode golden(String name) {
        try {
            return JSON.readTree(bytes("golden/" + name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An mboxrd mailbox of the given messages, as a mail store would write it. */
    public static byte[] mbox(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            String text = new String(m, StandardCharsets.ISO_8859_1);
            out.writeBytes("From MAILER-DAEMON Fri Nov 14 13:48:03 2025\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(FROM_LINE.matcher(text).replaceAll(">$0").getBytes(StandardCharsets.ISO_8859_1));
            if (!text.endsWith("\n")) {
                out.write('\n');
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * Golden-file comparison: every member of {@code expected} must be in {@code actual} with the same value
     * (recursively; arrays must have the same length and match element by element). Members not named in the
     * golden file are free, so the golden files pin what matters and survive additions to the contract.
     */
    public static void assertJsonSubset(JsonNode expected, JsonNode actual, String path) {
        assertNotNull(actual, path + " is missing");
        if (expected.isObject()) {
            assertTrue(actual.isObject(), path + " should be an object but is " + actual);
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertTrue(actual.has(e.getKey()), path + "." + e.getKey() + " is missing in " + actual);
                assertJsonSubset(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey());
            }
        } else if (expected.isArray()) {
            assertTrue(actual.isArray(), path + " should be an array but is " + actual);
            assertEquals(expected.size(), actual.size(), path + " length; actual " + actual);
            for (int i = 0; i < expected.size(); i++) {
                assertJsonSubset(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }
}
