package dev.mx20.dsn.parse;

import java.util.List;

/** The families in the order the registry tries them: specific providers first, generic MTAs last. */
final class Families {
    private Families() {
    }

    static List<BounceFormat> all() {
        List<BounceFormat> all = new java.util.ArrayList<>();
        all.add(new GoogleGroupsFormat());
        all.add(new FmlFormat());
        all.add(new KddiFormat());
        all.add(new ApacheJamesFormat());
        all.add(new VerizonFormat());
        all.add(new BigfootFormat());
        all.add(new SendGridFormat());
        all.add(new BiglobeFormat());
        all.add(new X1Format());
        all.add(new MFilterFormat());
        all.add(new ZohoFormat());
        all.add(new GroupWiseFormat());
        all.addAll(ProviderFamilies.all());
        all.add(new PostfixFormat());
        all.add(new EximFormat());
        all.add(new HarakaFormat()); // before qmail, whose wording its template imitates
        all.add(new QmailFormat());
        all.add(new NullmailerFormat()); // before Sendmail, whose subject line it uses
        all.add(new SendmailFormat());
        // Exchange's NDR header alone (no English sentence, no translated heading the provider entries know, no
        // "#550 ... ##" line) comes last: should Exchange ever stamp it on another MTA's bounce it passes through,
        // that MTA's own family has already claimed it above
        all.add(new MicrosoftNdr("exchange2007", Marker.header("X-MS-Exchange-Message-Is-Ndr")));
        return List.copyOf(all);
    }
}
