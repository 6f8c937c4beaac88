/**
 * Relay validation and IPv6 mail readiness endpoints: thin resources over relay-core's
 * {@code dev.mx20.relay.validate} package. Request bodies are checked with Hibernate Validator
 * ({@link dev.mx20.rest.validate.RequestValidation}); every error is RFC 9457 problem+json.
 */
package dev.mx20.rest.validate;
