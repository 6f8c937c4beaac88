package dev.mx20.relay.testdns;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recording format and the replaying resolver, fed both good and garbage recordings. */
class RecordedAnswersTest {
    private static Message response(String name, int type, String address) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.addRecord(query.getQuestion(), Section.QUESTION);
        if (address != null) {
            r.addRecord(new ARecord(Name.fromString(name), DClass.IN, 300, InetAddress.getByName(address)), Section.ANSWER);
        }
        return r;
    }

    @Test
    void aWrittenRecordingReadsBackAndReplaysWithTheQuerysId() throws Exception {
        Path file = Files.createTempFile("recorded", ".dns");
        try {
            Message a = response("relay.example.com.", Type.A, "192.0.2.1");
            RecordedAnswers.write(file, "test", Map.of("relay.example.com. IN A", a));
            RecordedAnswers read = RecordedAnswers.read(file);
            assertEquals(List.of("relay.example.com. IN A"), read.questions());
            Message clean = a.clone();
            clean.getHeader().setID(0);
            assertArrayEquals(clean.toWire(), read.answer("relay.example.com. IN A"));

            ReplayResolver replay = new ReplayResolver(read, "test");
            Message query = Message.newQuery(Record.newRecord(Name.fromString("RELAY.example.com."), Type.A, DClass.IN));
            Message answer = replay.sendAsync(query).toCompletableFuture().get();
            assertEquals(query.getHeader().getID(), answer.getHeader().getID());
            assertEquals("192.0.2.1", ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
            assertEquals(List.of(), replay.unrecorded());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anUnrecordedQuestionFailsTheStageAndIsKept() throws Exception {
        ReplayResolver replay = new ReplayResolver(RecordedAnswers.parse("# nothing\n", "empty"), "empty");
        Message query = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.MX, DClass.IN));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> replay.sendAsync(query).toCompletableFuture().get());
        assertTrue(e.getCause() instanceof ReplayResolver.UnrecordedQuestion, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("example.com. IN MX"), e.getCause().getMessage());
        assertEquals(List.of("example.com. IN MX"), replay.unrecorded());
    }

    @Test
    void theDnssecOkBitMakesADifferentQuestion() throws Exception {
        Message plain = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.MX, DClass.IN));
        Message withDo = plain.clone();
        withDo.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        assertEquals("example.com. IN MX", RecordedAnswers.key(plain));
        assertEquals("example.com. IN MX +do", RecordedAnswers.key(withDo));
        assertEquals("example.com. IN MX +do", RecordedAnswers.key(plain, true), "the resolver adds DO itself");
    }

    @Test
    void garbageIsAnErrorNamingTheLine() throws Exception {
        String good = HexFormat.of().formatHex(response("a.example.", Type.A, "192.0.2.1").toWire());
        Map<String, String> bad = Map.of(
                "unknown line", "question a.example. IN A\nwire " + good + "\nwhat is this\n",
                "answer without question", "wire " + good + "\n",
                "question without answer", "question a.example. IN A\n\n",
                "two questions in a row", "question a.example. IN A\nquestion b.example. IN A\nwire " + good + "\n",
                "odd hex", "question a.example. IN A\nwire " + good + "0\n",
                "not hex", "question a.example. IN A\nwire zz" + good + "\n",
                "not a DNS message", "question a.example. IN A\nwire 0000ff\n",
                "answers another question", "question b.example. IN A\nwire " + good + "\n",
                "recorded twice", "question a.example. IN A\nwire " + good + "\n\nquestion a.example. IN A\nwire " + good + "\n");
        bad.forEach((what, text) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RecordedAnswers.parse(text, "bad.dns"), what);
            assertTrue(e.getMessage().startsWith("bad.dns:"), what + ": " + e.getMessage());
        });
    }
}
