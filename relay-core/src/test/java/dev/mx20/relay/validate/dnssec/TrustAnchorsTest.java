package dev.mx20.relay.validate.dnssec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustAnchorsTest {
    @Test
    void theIanaRootAnchorsParse() {
        TrustAnchors root = TrustAnchors.ianaRoot();
        assertEquals(List.of("."), root.owners());
        assertTrue(root.masterFile().contains("20326 8 2"));
        assertTrue(root.masterFile().contains("38696 8 2"));
    }

    @Test
    void dnskeyAndDsAreAccepted() {
        TrustAnchors a = TrustAnchors.parse("""
                example.com. 300 IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
                example.net. 300 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
                """);
        assertEquals(List.of("example.com.", "example.net."), a.owners());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "garbage", ". IN A 192.0.2.1", "example.com. IN DS not numbers",
            "example.com. IN DNSKEY 257 3 13 !!!notbase64", "\u0000\u0001\u0002", "$ORIGIN", "( unbalanced"})
    void garbageIsRefusedWithIllegalArgument(String text) {
        assertThrows(IllegalArgumentException.class, () -> TrustAnchors.parse(text));
    }

    @Test
    void nullIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrustAnchors.parse(null));
    }
}
