package dev.mx20.relay.testdns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;

/**
 * A TCP listener and a UDP socket on one port number, as a DNS server needs (RFC 1035 §4.2: both transports on the
 * same port; a client retries a truncated UDP answer over TCP to the same address and port).
 */
public record SamePortSockets(ServerSocket tcp, DatagramSocket udp) {

    /**
     * Takes a free TCP port and binds UDP to the same number, trying again when that UDP port is taken by another
     * process (parallel builds on one machine).
     */
    public static SamePortSockets bind(InetAddress address) throws IOException {
        for (int attempt = 0; ; attempt++) {
            ServerSocket tcp = new ServerSocket(0, 50, address);
            try {
                return new SamePortSockets(tcp, new DatagramSocket(new InetSocketAddress(address, tcp.getLocalPort())));
            } catch (SocketException taken) {
                tcp.close();
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
    }
}
