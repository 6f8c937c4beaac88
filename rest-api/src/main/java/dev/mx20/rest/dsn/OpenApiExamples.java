package dev.mx20.rest.dsn;

/** Example bodies shown in /q/openapi and the Swagger UI (anonymised: example.com, 2001:db8::/32). */
final class OpenApiExamples {
    private OpenApiExamples() {
    }

    static final String DSN_USER_UNKNOWN = """
            From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.net>
            To: <dana@example.com>
            Subject: Returned mail: see transcript for details
            Date: Fri, 14 Nov 2025 13:48:03 GMT
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            <erin@example.net>... User unknown
            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.example.net

            Final-Recipient: rfc822; erin@example.net
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mailhost.example.net
            Diagnostic-Code: smtp; 550 5.1.1 <erin@example.net>... User unknown

            --b1--
            """;

    static final String REPORT_USER_UNKNOWN = """
            {"kind":"dsn","format":"rfc3464","reportingMta":"mail.example.net","dsnGateway":null,
             "receivedFromMta":null,"arrivalDate":null,"originalEnvelopeId":null,"extensionFields":[],
             "original":{"messageId":null,"from":null,"to":null,"subject":null,"date":null},
             "recipients":[{"finalRecipient":"erin@example.net","originalRecipient":null,"action":"failed",
               "status":"5.1.1","remoteMta":"mailhost.example.net",
               "diagnostic":{"type":"smtp","text":"550 5.1.1 <erin@example.net>... User unknown","replyCode":550},
               "lastAttemptDate":null,"willRetryUntil":null,"finalLogId":null,"extensionFields":[],
               "category":"userunknown","cause":"mailbox-does-not-exist","permanence":"permanent","ipv6":false,
               "explanation":"The receiving server says the mailbox does not exist.",
               "remedy":"Check the address for typos; remove it from your list if it is correct.",
               "evidence":"550 5.1.1 <erin@example.net>... User unknown"}],
             "warnings":[]}
            """;

    static final String PROBLEM_TOO_LARGE = """
            {"type":"tag:mx20.dev,2025:problem/message-too-large","title":"Message too large","status":413,
             "detail":"The message (12582912 bytes) is larger than the limit of 10485760 bytes (mx20.dsn.max-message-size).",
             "instance":"/dsn/classify"}
            """;

    static final String PROBLEM_NOT_A_MESSAGE = """
            {"type":"tag:mx20.dev,2025:problem/not-a-message","title":"Not an RFC 5322 message","status":422,
             "detail":"The body does not start with a header field (\\"Name: value\\", RFC 5322 §2.2), so it has no header section.",
             "instance":"/dsn/classify"}
            """;

    static final String MBOX = """
            From MAILER-DAEMON Fri Nov 14 13:48:03 2025
            From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.net>
            Subject: Returned mail: see transcript for details
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.example.net

            Final-Recipient: rfc822; erin@example.net
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <erin@example.net>... User unknown

            --b1--

            From MAILER-DAEMON Fri Nov 14 13:50:00 2025
            this line is not a header, so this entry is an error

            """;

    static final String NDJSON_ENTRIES = """
            {"index":1,"envelopeSender":"MAILER-DAEMON","size":431,"report":{"kind":"dsn","recipients":[{"finalRecipient":"erin@example.net","status":"5.1.1","category":"userunknown","permanence":"permanent","ipv6":false}]}}
            {"index":2,"envelopeSender":"MAILER-DAEMON","size":54,"error":{"type":"tag:mx20.dev,2025:problem/not-a-message","title":"Not an RFC 5322 message","status":422,"detail":"The body does not start with a header field (\\"Name: value\\", RFC 5322 §2.2), so it has no header section.","instance":"/dsn/classify/batch"}}
            """;

    static final String SUMMARY = """
            {"messages":1200,"analysed":1198,"errors":2,"recipients":1305,"failedRecipients":1290,
             "ipv6Failures":312,"ipv6Share":0.2419,
             "byKind":{"dsn":1100,"bounce":80,"delay":15,"auto-reply":3},
             "byCategory":{"userunknown":610,"requireptr":240,"networkerror":72},
             "byCause":{"mailbox-does-not-exist":610,"ipv6-ptr-missing":240,"ipv6-network-unreachable":72},
             "byPermanence":{"permanent":1150,"transient":140},
             "errorsByType":{"tag:mx20.dev,2025:problem/not-a-message":2},
             "topRemoteMtas":[{"name":"aspmx.l.google.com","count":240}],
             "topRecipientDomains":[{"name":"example.org","count":240}]}
            """;
}
