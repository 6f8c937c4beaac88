/**
 * IPv6 mail readiness of any domain ({@link dev.mx20.relay.validate.readiness.MailIpv6Checker}): concurrent,
 * bounded, with a result per domain even when lookups fail.
 */
package dev.mx20.relay.validate.readiness;
