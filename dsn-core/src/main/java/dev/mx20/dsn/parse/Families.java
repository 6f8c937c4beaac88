package dev.mx20.dsn.parse;

import java.util.List;

/** The families in the order the registry tries them: specific providers first, generic MTAs last. */
final class Families {
    private Families() {
    }

    static List<BounceFormat> all() {
        return List.of(
                new GoogleGroupsFormat(),
                new FmlFormat(),
                new KddiFormat(),
                new ApacheJamesFormat(),
                new PostfixFormat(),
                new EximFormat(),
                new QmailFormat(),
                new SendmailFormat());
    }
}
