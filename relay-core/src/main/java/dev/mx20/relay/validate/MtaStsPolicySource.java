package dev.mx20.relay.validate;

import java.util.Map;
import java.util.Optional;

/**
 * Where the text of a domain's MTA-STS policy (RFC 8461 §3.2) comes from: supplied by the caller (offline mode),
 * fetched over HTTPS ({@link HttpsMtaStsFetcher}), or not at all.
 */
public interface MtaStsPolicySource {
    /**
     * The policy text for {@code domain}.
     *
     * @return the text, or empty when none is available
     * @throws PolicyUnavailableException when a fetch was attempted and failed (the reason is the message)
     */
    Optional<String> policy(String domain) throws PolicyUnavailableException;

    /** True when this source can give policies at all (false: the check reports that it did not look). */
    default boolean enabled() {
        return true;
    }

    /** A source that never gives a policy (live validation without the optional HTTPS fetch). */
    static MtaStsPolicySource none() {
        return new MtaStsPolicySource() {
            @Override
            public Optional<String> policy(String domain) {
                return Optional.empty();
            }

            @Override
            public boolean enabled() {
                return false;
            }
        };
    }

    /** Policies supplied by the caller, keyed by domain (lower case, no trailing dot). */
    static MtaStsPolicySource supplied(Map<String, String> policies) {
        Map<String, String> copy = Map.copyOf(policies);
        return domain -> Optional.ofNullable(copy.get(domain));
    }

    /** A fetch that failed: the message says why (timeout, status, size). */
    final class PolicyUnavailableException extends Exception {
        public PolicyUnavailableException(String message) {
            super(message);
        }
    }
}
