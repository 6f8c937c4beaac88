package dev.mx20.relay.validate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 §3.3): bounded in time and size,
 * no redirects followed (the RFC forbids it), only 200 with text/plain accepted. Optional: validation works
 * without it, and nothing in the tests reaches the internet (tests point {@code location} at loopback).
 */
public final class HttpsMtaStsFetcher implements MtaStsPolicySource {
    private final HttpClient client;
    private final Duration timeout;
    private final Function<String, URI> location;

    /** Fetches from the RFC 8461 location with the given total timeout per policy. */
    public HttpsMtaStsFetcher(Duration timeout) {
        this(timeout, domain -> URI.create("https://mta-sts." + domain + "/.well-known/mta-sts.txt"));
    }

    /** Fetches from a custom location (for tests against a loopback server). */
    public HttpsMtaStsFetcher(Duration timeout, Function<String, URI> location) {
        this(timeout, location, null);
    }

    /**
     * As above, trusting the CAs of {@code tls} instead of the JDK's (tests with their own CA). The certificate is
     * checked as RFC 8461 §3.3 asks: chained to a trusted CA and valid for the host name (the JDK client's
     * endpoint identification); a policy from a host that fails either is unavailable, as it is for senders.
     */
    HttpsMtaStsFetcher(Duration timeout, Function<String, URI> location, javax.net.ssl.SSLContext tls) {
        this.timeout = timeout;
        this.location = location;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
    }

    @Override
    public Optional<String> policy(String domain) throws PolicyUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(location.apply(domain)).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new PolicyUnavailableException("HTTP status " + response.statusCode());
                }
                String type = response.headers().firstValue("content-type").orElse("");
                if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("text/plain")) {
                    throw new PolicyUnavailableException("content type is \"" + type + "\", not text/plain");
                }
                byte[] bytes = body.readNBytes(MtaStsPolicy.MAX_POLICY_BYTES + 1);
                if (bytes.length > MtaStsPolicy.MAX_POLICY_BYTES) {
                    throw new PolicyUnavailableException("policy larger than " + MtaStsPolicy.MAX_POLICY_BYTES + " bytes");
                }
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (java.net.http.HttpTimeoutException e) {
            throw new PolicyUnavailableException("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new PolicyUnavailableException(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyUnavailableException("interrupted");
        }
    }
}
