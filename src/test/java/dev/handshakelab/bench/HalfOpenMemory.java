package dev.handshakelab.bench;

import dev.handshakelab.core.flood.HalfOpenFootprint;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.SynOptions;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.TcpOption;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the heap one half-open request costs: 16 listeners with a 65535 backlog are filled
 * through the SYN-flood path (16 × 65536 = 1,048,576 requests), and the heap in use after a
 * full GC is compared with the heap before. Prints bytes per request beside
 * {@link HalfOpenFootprint#BYTES}, the figure the flood series uses.
 *
 * <p>Run: {@code java -Xmx2g -cp ... dev.handshakelab.bench.HalfOpenMemory} (IPv4), or with the
 * argument {@code ipv6} for IPv6 requests (listeners at 2001:db8::2, sources in 2001:db8:5::/64),
 * beside {@link HalfOpenFootprint#BYTES_V6}.
 */
public final class HalfOpenMemory {

    private HalfOpenMemory() {}

    public static void main(String[] args) {
        boolean ipv6 = args.length > 0 && args[0].equals("ipv6");
        int listeners = 16;
        int backlog = 65_535;
        StackProfile profile = StackProfile.linux().toBuilder().syncookies(0).backlog(backlog).somaxconn(backlog)
                .maxSynBacklog(1 << 20).build();
        SynOptions mssOnly = SynOptions.parse(List.of(new TcpOption.MaxSegmentSize(1460)), profile);
        List<TcpHost> hosts = new ArrayList<>();
        for (int h = 0; h < listeners; h++) {
            TcpHost host = new TcpHost(Host.SERVER, IpAddress.parse(ipv6 ? "2001:db8::2" : "10.0.0.2"), profile, h);
            host.listen(80);
            hosts.add(host);
        }
        long before = Heap.usedAfterGc();
        long requests = 0;
        for (TcpHost host : hosts) {
            for (int n = 0; n <= backlog; n++) {
                if (ipv6) {
                    host.floodSyn6(0x2001_0db8_0005_0000L, n & 0xFFFF, 1024 + (n >>> 16), n, mssOnly, n);
                } else {
                    host.floodSyn(0xC6330000 + (n & 0xFFFF), 1024 + (n >>> 16), n, mssOnly, n);
                }
            }
            requests += host.listener().synQueue().size();
        }
        long after = Heap.usedAfterGc();
        double perEntry = (double) (after - before) / requests;
        System.out.printf("%d half-open %s requests: %.1f MiB, %.1f bytes each (HalfOpenFootprint = %d; JVM %s, %s)%n",
                requests, ipv6 ? "IPv6" : "IPv4", (after - before) / 1048576.0, perEntry, HalfOpenFootprint.bytes(ipv6),
                System.getProperty("java.vm.version"), ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (hosts.size() != listeners) {
            throw new AssertionError("keep the hosts reachable until measured");
        }
    }
}
