package dev.mx20.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code mx20.*} key the code reads (found in the compiled classes: {@code @ConfigMapping} interfaces and
 * {@code @ConfigProperty} injection points) is in application.properties and in docs/configuration.md with its
 * default, and neither file names a key the code does not read. Every other key application.properties sets is
 * documented too (docs/configuration.md, or src-native/README.md for the native-image keys), with the same value.
 */
class ConfigurationDocumentedTest {
    private static final Path PROPERTIES = Path.of("src", "main", "resources", "application.properties");
    private static final Path CONFIGURATION_MD = Path.of("..", "docs", "configuration.md");
    private static final Path NATIVE_MD = Path.of("..", "src-native", "README.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z][a-z0-9.*-]+)`\\s*\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern ACTIVE = Pattern.compile("^([a-z%][^=#\\s]*)=(.*)$", Pattern.MULTILINE);
    private static final Pattern COMMENTED = Pattern.compile("^#(mx20\\.[a-z0-9.-]+)=", Pattern.MULTILINE);

    /** A key and its default in the code ({@code null}: none, the key is optional). */
    record Key(String name, String defaultValue, String where) {
    }

    private static Map<String, Key> code;
    private static Map<String, String> active;
    private static List<String> commented;
    private static Map<String, String> documented;
    private static String nativeReadme;

    @BeforeAll
    static void read() throws IOException {
        code = codeKeys();
        String properties = Files.readString(PROPERTIES, StandardCharsets.UTF_8);
        active = new LinkedHashMap<>();
        Matcher m = ACTIVE.matcher(properties);
        while (m.find()) {
            active.put(m.group(1), m.group(2).trim());
        }
        commented = new ArrayList<>();
        m = COMMENTED.matcher(properties);
        while (m.find()) {
            commented.add(m.group(1));
        }
        documented = new LinkedHashMap<>();
        m = ROW.matcher(Files.readString(CONFIGURATION_MD, StandardCharsets.UTF_8));
        while (m.find()) {
            documented.put(m.group(1), m.group(2).trim());
        }
        nativeReadme = Files.readString(NATIVE_MD, StandardCharsets.UTF_8);
    }

    @Test
    void theScanFindsTheKeys() {
        // a scan that silently finds nothing would make the other tests pass vacuously
        assertTrue(code.containsKey("mx20.dsn.max-message-size") && code.containsKey("mx20.dsn.batch.top-n")
                && code.containsKey("mx20.validate.dns.timeout") && code.containsKey("mx20.relay.config-file"), "" + code);
    }

    @Test
    void everyKeyTheCodeReadsIsInApplicationPropertiesWithItsDefault() {
        List<String> gaps = new ArrayList<>();
        for (Key k : code.values()) {
            String value = active.get(k.name());
            if (value == null && !commented.contains(k.name())) {
                gaps.add(k.name() + " (" + k.where() + ") is not in application.properties, not even commented out");
            } else if (value != null && k.defaultValue() != null && !value.equals(k.defaultValue())) {
                gaps.add(k.name() + ": application.properties says " + value + ", the code's default is "
                        + k.defaultValue() + " (" + k.where() + "): one of them is stale");
            } else if (value == null && k.defaultValue() != null) {
                gaps.add(k.name() + " has a default (" + k.defaultValue() + "): set it in application.properties, "
                        + "not commented out");
            }
        }
        for (String key : active.keySet()) {
            if (key.startsWith("mx20.") && !code.containsKey(key)) {
                gaps.add("application.properties sets " + key + ", which no code reads");
            }
        }
        for (String key : commented) {
            if (!code.containsKey(key)) {
                gaps.add("application.properties mentions " + key + ", which no code reads");
            }
        }
        assertTrue(gaps.isEmpty(), String.join("\n", gaps));
    }

    @Test
    void everyKeyTheCodeReadsIsDocumentedWithItsDefault() {
        List<String> gaps = new ArrayList<>();
        for (Key k : code.values()) {
            String cell = documented.get(k.name());
            String effective = active.getOrDefault(k.name(), k.defaultValue());
            if (cell == null) {
                gaps.add(k.name() + " (" + k.where() + ") has no row in docs/configuration.md");
            } else if (effective != null && !cell.contains("`" + effective + "`")) {
                gaps.add(k.name() + ": docs/configuration.md gives the default as '" + cell + "', the service's is `"
                        + effective + "`");
            } else if (effective == null && !(cell.contains("unset") || cell.contains("(none)"))) {
                gaps.add(k.name() + " has no default, but docs/configuration.md says '" + cell + "'");
            }
        }
        for (String key : documented.keySet()) {
            if (key.startsWith("mx20.") && !code.containsKey(key)) {
                gaps.add("docs/configuration.md documents " + key + ", which no code reads");
            }
        }
        assertTrue(gaps.isEmpty(), String.join("\n", gaps));
    }

    @Test
    void everyOtherKeyApplicationPropertiesSetsIsDocumentedWithItsValue() {
        List<String> gaps = new ArrayList<>();
        for (Map.Entry<String, String> e : active.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("mx20.") || key.startsWith("%")) {
                continue; // mx20 keys: above; %test. keys are the tests' own
            }
            if (key.startsWith("quarkus.native.")) {
                if (!nativeReadme.contains("`" + key + "=" + e.getValue() + "`")) {
                    gaps.add(key + "=" + e.getValue() + " is not in src-native/README.md");
                }
                continue;
            }
            String cell = documented.get(key);
            if (cell == null) {
                cell = documented.entrySet().stream()
                        .filter(d -> d.getKey().endsWith("*") && key.startsWith(d.getKey().substring(0, d.getKey().length() - 1)))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (cell == null) {
                    gaps.add(key + " has no row in docs/configuration.md");
                }
                continue; // a wildcard row ("quarkus.smallrye-openapi.info-*") says "see file"
            }
            if (!cell.contains("`" + e.getValue() + "`")) {
                gaps.add(key + ": docs/configuration.md says '" + cell + "', application.properties " + e.getValue());
            }
        }
        assertTrue(gaps.isEmpty(), String.join("\n", gaps));
    }

    // --- the scan --------------------------------------------------------------------------------------------

    static Map<String, Key> codeKeys() {
        Map<String, Key> keys = new TreeMap<>();
        for (Class<?> c : MainClasses.all()) {
            ConfigMapping mapping = c.getAnnotation(ConfigMapping.class);
            if (mapping != null) {
                mapped(mapping.prefix(), c, keys);
            }
            for (Field f : c.getDeclaredFields()) {
                property(f.getAnnotation(ConfigProperty.class), c.getSimpleName() + "." + f.getName(), keys);
            }
            List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredConstructors()));
            executables.addAll(List.of(c.getDeclaredMethods()));
            for (Executable e : executables) {
                for (Parameter p : e.getParameters()) {
                    property(p.getAnnotation(ConfigProperty.class), c.getSimpleName() + "("
                            + (e instanceof Constructor<?> ? "" : e.getName() + ":") + p.getName() + ")", keys);
                }
            }
        }
        keys.keySet().removeIf(k -> !k.startsWith("mx20."));
        return keys;
    }

    private static void property(ConfigProperty p, String where, Map<String, Key> keys) {
        if (p != null) {
            String d = ConfigProperty.UNCONFIGURED_VALUE.equals(p.defaultValue()) ? null : p.defaultValue();
            keys.put(p.name(), new Key(p.name(), d, where));
        }
    }

    /** The keys of a {@code @ConfigMapping} interface, its nested groups included. */
    private static void mapped(String prefix, Class<?> type, Map<String, Key> keys) {
        for (Method m : type.getMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0) {
                continue;
            }
            WithName name = m.getAnnotation(WithName.class);
            String key = prefix + "." + (name != null ? name.value() : kebab(m.getName()));
            Class<?> r = m.getReturnType();
            if (r.isInterface() && r.getName().startsWith("dev.mx20.")) {
                mapped(key, r, keys);
                continue;
            }
            WithDefault d = m.getAnnotation(WithDefault.class);
            keys.put(key, new Key(key, d == null || r == Optional.class ? null : d.value(),
                    type.getSimpleName() + "." + m.getName() + "()"));
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
