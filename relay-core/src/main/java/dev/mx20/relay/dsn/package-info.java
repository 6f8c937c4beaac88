/**
 * Writes the relay's delivery status notifications: RFC 3464 DSNs in an RFC 6522 multipart/report, following
 * RFC 3461 (NOTIFY, RET, ENVID, ORCPT) and RFC 3834 (Auto-Submitted). The queue hands the result to delivery
 * like any other message, with the null reverse-path.
 */
package dev.mx20.relay.dsn;
