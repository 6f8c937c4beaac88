package dev.mx20.relay.validate.dnssec;

import dev.mx20.relay.dns.RecordType;

import java.util.concurrent.CompletionStage;

/**
 * Tells the DNSSEC status of an answer. Like {@code DnsLookup}, the stage always completes normally: a failure
 * is an {@link DnssecStatus#INDETERMINATE} verdict, never an exception.
 */
public interface DnssecValidator {
    /** The DNSSEC status of the answer for {@code name}/{@code type}. */
    CompletionStage<DnssecVerdict> check(String name, RecordType type);

    /** How the status is learnt, for findings' evidence (e.g. "local validation from trust anchor ."). */
    String describe();
}
