package dev.mx20.rest.problem;

import dev.mx20.rest.MainClasses;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link AllowedMethods}: the Allow header of a 405, from the resources' annotations. */
class AllowedMethodsTest {

    @Test
    void everyResourceClassIsListed() {
        List<Class<?>> resources = MainClasses.all().stream().filter(c -> c.isAnnotationPresent(Path.class)).toList();
        assertFalse(resources.isEmpty());
        assertEquals(new java.util.HashSet<>(resources), new java.util.HashSet<>(AllowedMethods.RESOURCES),
                "a JAX-RS resource missing from AllowedMethods.RESOURCES answers its 405s without Allow");
    }

    @Test
    void methodsPerPath() {
        AllowedMethods service = AllowedMethods.service();
        assertEquals(Optional.of("OPTIONS, POST"), service.allow("/dsn/classify"));
        assertEquals(Optional.of("OPTIONS, POST"), service.allow("/dsn/classify/batch/"));
        assertEquals(Optional.of("GET, HEAD, OPTIONS"), service.allow("/domain/example.com/mail-ipv6"));
        assertEquals(Optional.of("OPTIONS, POST"), service.allow("/relay/queue/0A1B/hold"));
        assertEquals(Optional.of("DELETE, OPTIONS"), service.allow("/relay/queue/0A1B"));
        assertEquals(Optional.of("GET, HEAD, OPTIONS"), service.allow("/relay/queue"));
        assertEquals(Optional.empty(), service.allow("/relay/queue/not-an-id/hold"));
        assertEquals(Optional.empty(), service.allow("/dsn/classify/nothing-here"));
        assertEquals(Optional.empty(), service.allow("/domain/a/b/mail-ipv6"));
    }

    @Test
    void templatesAsRegularExpressions() {
        assertTrue(AllowedMethods.regex("/a/{id: [0-9A-F]{1,64}}/b").matcher("/a/FF/b").matches());
        assertFalse(AllowedMethods.regex("/a/{id: [0-9A-F]{1,64}}/b").matcher("/a/ff/b").matches());
        assertTrue(AllowedMethods.regex("/x.y/{name}").matcher("/x.y/n").matches());
        assertFalse(AllowedMethods.regex("/x.y/{name}").matcher("/xzy/n").matches(), "literal dots are quoted");
        assertFalse(AllowedMethods.regex("/x/{name}").matcher("/x/a/b").matches(), "{name} is one segment");
    }
}
