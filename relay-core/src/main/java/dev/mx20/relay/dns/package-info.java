/**
 * The relay's one DNS layer, used by delivery routing ({@code delivery.route}) and by the validation and
 * readiness checks ({@code validate}): one asynchronous {@link dev.mx20.relay.dns.DnsLookup} interface whose
 * {@link dev.mx20.relay.dns.DnsAnswer} keeps a negative answer (NODATA, NXDOMAIN; RFC 2308) apart from a failed
 * lookup (SERVFAIL, REFUSED, timeout), a live dnsjava implementation with hard deadlines, an offline one over
 * supplied records, a per-validation cache, and IP-literal and host-name helpers that never touch the DNS.
 */
package dev.mx20.relay.dns;
