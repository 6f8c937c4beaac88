/**
 * DNS access for the validation checks: one asynchronous {@link dev.mx20.relay.validate.dns.DnsLookup}
 * interface, a live dnsjava implementation with hard deadlines, an offline one over supplied records, a
 * per-validation cache, and IP-literal helpers that never touch the DNS.
 */
package dev.mx20.relay.validate.dns;
