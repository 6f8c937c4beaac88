package dev.mx20.relay.validate.readiness;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MxHostReadinessTest {

    @Test
    void ptrFollowsTheAddressesOrderWhateverMapItCameIn() {
        List<String> v6 = List.of("2001:db8::25", "2001:db8::1", "2001:db8::ff");
        List<String> v4 = List.of("192.0.2.9", "192.0.2.10");
        Map<String, List<String>> ptr = new HashMap<>();
        for (String a : List.of("192.0.2.10", "2001:db8::ff", "192.0.2.9", "2001:db8::1", "2001:db8::25")) {
            ptr.put(a, List.of("h-" + a + ".example.org"));
        }
        MxHostReadiness mx = new MxHostReadiness("mx.example.org", 10, v6, v4, ptr, false);
        assertEquals(List.of("2001:db8::25", "2001:db8::1", "2001:db8::ff", "192.0.2.9", "192.0.2.10"),
                List.copyOf(mx.ptr().keySet()));
        assertEquals(List.of("h-192.0.2.9.example.org"), mx.ptr().get("192.0.2.9"));
    }

    @Test
    void ptrIsACopyThatCannotBeChanged() {
        Map<String, List<String>> ptr = new HashMap<>(Map.of("192.0.2.9", List.of()));
        MxHostReadiness mx = new MxHostReadiness("mx.example.org", 10, List.of(), List.of("192.0.2.9"), ptr, false);
        ptr.put("192.0.2.10", List.of("x.example.org"));
        assertEquals(List.of("192.0.2.9"), List.copyOf(mx.ptr().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> mx.ptr().put("192.0.2.11", List.of()));
    }
}
