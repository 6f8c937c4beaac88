/**
 * Where outbound mail goes: MX resolution (RFC 5321 §5.1, RFC 7505 null MX, RFC 3974 dual stack) with dnsjava,
 * static routes (Postfix {@code relayhost}), and the relay's own ordering of addresses by family.
 */
package dev.mx20.relay.delivery.route;
