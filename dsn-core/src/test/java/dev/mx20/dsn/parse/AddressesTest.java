package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Address scanning and the line shapes the generic text reader accepts as "a recipient starts here". */
class AddressesTest {
    @Test
    void cleansTypedAndBracketedValues() {
        assertEquals("a@example.org", Addresses.clean("rfc822; <a@example.org>"));
        assertEquals("a@example.org", Addresses.clean("RFC822;a@example.org (comment)"));
        assertEquals("a@example.org", Addresses.clean("\"Name\" <a@example.org>."));
        assertEquals("用户@例子.example", Addresses.clean("utf-8; 用户@例子.example"));
        assertNull(Addresses.clean(""));
    }

    @Test
    void findsAddressesInText() {
        assertEquals("x@example.org", Addresses.find("error delivering your mail to <x@example.org>."));
        assertEquals("x.y+tag@sub.example.org", Addresses.find("to: x.y+tag@sub.example.org:"));
        assertNull(Addresses.find("no address @ here"));
    }

    @Test
    void recognisesRecipientLines() {
        assertEquals("a@example.org", GenericText.leadingAddress("<a@example.org>: host mx said: 550"));
        assertEquals("a@example.org", GenericText.leadingAddress("a@example.org"));
        assertEquals("a@example.org", GenericText.leadingAddress("Recipient address: a@example.org"));
        assertEquals("a@example.org", GenericText.leadingAddress(">>> a@example.org <a@example.org>"));
        assertEquals("a@example.org", GenericText.leadingAddress("* a@example.org"));
        assertEquals("a@example.org", GenericText.leadingAddress("Could not be delivered to: <a@example.org>"));
        assertNull(GenericText.leadingAddress("For assistance, write to <postmaster@example.org>"));
        // a transcript's RCPT line names the recipient the following "<<<" answer is about
        assertEquals("a@example.org", GenericText.leadingAddress(">>> RCPT To:<a@example.org>"));
        assertNull(GenericText.leadingAddress(">>> DATA"));
        assertNull(GenericText.leadingAddress("Reporting-MTA: dns; mx.example.org"));
    }
}
