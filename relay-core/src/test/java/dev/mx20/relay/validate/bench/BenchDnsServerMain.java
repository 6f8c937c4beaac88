package dev.mx20.relay.validate.bench;

import dev.mx20.relay.testdns.TestDnsServer;

/**
 * Runs {@link TestDnsServer} with the benchmark zones in its own JVM (so its CPU is measured apart from the
 * client's). Prints "port=&lt;port&gt; pid=&lt;pid&gt;" and serves until killed. Arg: number of domains.
 */
public final class BenchDnsServerMain {
    private BenchDnsServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        TestDnsServer dns = TestDnsServer.start(BenchZones.zones(n).toArray(new String[0]));
        System.out.println("port=" + dns.port() + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
