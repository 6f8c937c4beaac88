package dev.mx20.rest.problem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up check: a documented head limit at or above the HTTP codec's ceiling would never be reached (the codec
 * would refuse first, bare), so the service refuses to start with it, naming both keys.
 */
class EdgeRoutesConfigTest {

    @Test
    void limitsBelowTheCodecsCeilingsStart() {
        assertDoesNotThrow(() -> routes(4096, 16384, 20480, 65536));
        assertDoesNotThrow(() -> routes(16383, 16384, 65535, 65536));
    }

    @Test
    void aRequestLineLimitAtTheCodecsCeilingIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> routes(16384, 16384, 20480, 65536));
        assertTrue(e.getMessage().contains("mx20.http.max-request-line-length=16384")
                && e.getMessage().contains("quarkus.http.limits.max-initial-line-length=16384"), e.getMessage());
    }

    @Test
    void aHeaderLimitOverTheCodecsCeilingIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> routes(4096, 16384, 30000, 20480));
        assertTrue(e.getMessage().contains("mx20.http.max-header-size=30000")
                && e.getMessage().contains("quarkus.http.limits.max-header-size=20480"), e.getMessage());
    }

    private static void routes(int line, int codecLine, int headers, long codecHeaders) {
        EdgeRoutes.checkBelowCodec(line, codecLine, headers, codecHeaders);
    }
}
