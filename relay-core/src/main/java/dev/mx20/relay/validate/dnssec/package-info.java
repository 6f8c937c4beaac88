/**
 * DNSSEC status of DNS answers, for the DANE checks (RFC 7672 §2.2: TLSA records count only when their RRset
 * validates as "secure", RFC 4035 §4.3). Two ways to learn it: validate locally with dnsjava's
 * {@code ValidatingResolver} from a trust anchor ({@link dev.mx20.relay.validate.dnssec.LocalDnssecValidator}), or
 * trust the AD bit of a validating recursive resolver
 * ({@link dev.mx20.relay.validate.dnssec.AdBitDnssecValidator}, as Postfix does with
 * {@code smtp_dns_support_level = dnssec}).
 */
package dev.mx20.relay.validate.dnssec;
