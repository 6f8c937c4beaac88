package dev.mx20.relay.validate;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy fetch against a loopback HTTP server (the location is redirected there: no traffic leaves). */
class HttpsMtaStsFetcherTest {
    private HttpServer server;
    private HttpsMtaStsFetcher fetcher;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", ex -> reply(ex, 200, "text/plain; charset=utf-8",
                "version: STSv1\r\nmode: enforce\r\nmx: *.example.com\r\nmax_age: 86400\r\n"));
        server.createContext("/missing", ex -> reply(ex, 404, "text/plain", "no"));
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/ok");
            reply(ex, 301, "text/plain", "");
        });
        server.createContext("/html", ex -> reply(ex, 200, "text/html", "<html>"));
        server.createContext("/huge", ex -> reply(ex, 200, "text/plain", "mx: a.example\n".repeat(10_000)));
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "text/plain", "late");
        });
        server.setExecutor(executor);
        server.start();
        int port = server.getAddress().getPort();
        fetcher = new HttpsMtaStsFetcher(Duration.ofSeconds(5),
                path -> URI.create("http://127.0.0.1:" + port + "/" + path));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow(); // interrupts the slow handler
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Test
    void aPolicyIsFetched() throws Exception {
        Optional<String> policy = fetcher.policy("ok");
        assertTrue(MtaStsPolicy.parse(policy.orElseThrow()).matches("relay.example.com"));
    }

    @Test
    void everythingElseIsUnavailableWithTheReason() {
        assertEquals("HTTP status 404", assertThrows(MtaStsPolicySource.PolicyUnavailableException.class,
                () -> fetcher.policy("missing")).getMessage());
        // RFC 8461 §3.3: redirects are not followed
        assertEquals("HTTP status 301", assertThrows(MtaStsPolicySource.PolicyUnavailableException.class,
                () -> fetcher.policy("redirect")).getMessage());
        assertTrue(assertThrows(MtaStsPolicySource.PolicyUnavailableException.class,
                () -> fetcher.policy("html")).getMessage().contains("text/plain"));
        assertTrue(assertThrows(MtaStsPolicySource.PolicyUnavailableException.class,
                () -> fetcher.policy("huge")).getMessage().contains("larger than"));
        String slow = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                MtaStsPolicySource.PolicyUnavailableException.class, () -> fetcher.policy("slow")).getMessage());
        assertTrue(slow.contains("no answer within"), slow);
    }
}
