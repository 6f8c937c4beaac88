package dev.mx20.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The service's own classes (target/classes, not the tests'), loaded without initialising them: for tests that
 * must find every endpoint or every configuration key the code has, including those added after the test.
 */
public final class MainClasses {
    private static final Path ROOT = Path.of("target", "classes");

    private MainClasses() {
    }

    public static List<Class<?>> all() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> ROOT.relativize(f).toString().replace('/', '.').replace('\\', '.'))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .filter(name -> name.startsWith("dev.mx20.rest."))
                    .sorted()
                    .<Class<?>>map(MainClasses::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, MainClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
