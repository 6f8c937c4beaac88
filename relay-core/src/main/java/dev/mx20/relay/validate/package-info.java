/**
 * Relay-configuration validation: {@link dev.mx20.relay.validate.RelayValidator} checks a
 * {@link dev.mx20.relay.validate.RelayConfig} (the MX 20 pattern: IPv6-only primary, dual-stack relay at a
 * greater MX preference) against DNS and reports {@link dev.mx20.relay.validate.Finding}s with stable codes
 * ({@link dev.mx20.relay.validate.CheckCode}, documented in docs/checks.md). Each check is one package-private
 * class; DNS access goes through {@link dev.mx20.relay.dns.DnsLookup} so the same checks run live or
 * offline.
 */
package dev.mx20.relay.validate;
