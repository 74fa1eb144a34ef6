package dev.handshakelab.packetdrill;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.Ipv6Address;
import java.util.Map;

/**
 * The network a script runs on, from packetdrill's command-line options ({@code config.c}):
 * {@code --ip_version=ipv4} (the default) or {@code ipv6}, {@code --local_ip} and
 * {@code --remote_ip} (of that version), {@code --mtu}. Without addresses, a script runs on the
 * Linux kernel selftests' ({@code tools/testing/selftests/net/packetdrill/ksft_runner.sh}):
 * 192.168.0.1 and 192.0.2.1, or fd3d:a0b:17d6::1 and fd3d:fa7b:d17d::1. packetdrill's
 * {@code ipv4-mapped-ipv6} (an AF_INET6 socket carrying IPv4) is not modelled.
 *
 * @param local  the simulated server's address (packetdrill's kernel under test)
 * @param remote the script's remote end, whose packets the {@code <} lines are
 * @param mtu    the device MTU, or 0 to keep the profile's
 */
public record ScriptAddresses(IpAddress local, IpAddress remote, int mtu) {

    public static final Ipv4Address LOCAL_IPV4 = Ipv4Address.of(192, 168, 0, 1);
    public static final Ipv4Address REMOTE_IPV4 = Ipv4Address.of(192, 0, 2, 1);
    public static final Ipv6Address LOCAL_IPV6 = Ipv6Address.parse("fd3d:a0b:17d6::1");
    public static final Ipv6Address REMOTE_IPV6 = Ipv6Address.parse("fd3d:fa7b:d17d::1");

    public static final ScriptAddresses IPV4 = new ScriptAddresses(LOCAL_IPV4, REMOTE_IPV4, 0);
    public static final ScriptAddresses IPV6 = new ScriptAddresses(LOCAL_IPV6, REMOTE_IPV6, 0);

    public boolean ipv6() {
        return local.ipv6();
    }

    /**
     * The addresses the options describe; an {@link IllegalArgumentException} naming the option
     * and the rule when they are wrong (the parser turns it into a {@link ScriptException}).
     */
    public static ScriptAddresses of(Map<String, String> options) {
        String version = options.getOrDefault("ip_version", "ipv4");
        ScriptAddresses base = switch (version) {
            case "ipv4" -> IPV4;
            case "ipv6" -> IPV6;
            case "ipv4-mapped-ipv6" -> throw new IllegalArgumentException(
                    "--ip_version=ipv4-mapped-ipv6 (an AF_INET6 socket carrying IPv4) is not modelled: use ipv4 or ipv6");
            default -> throw new IllegalArgumentException("--ip_version is ipv4 or ipv6, not '" + version + "'");
        };
        IpAddress local = address(options, "local_ip", base.local());
        IpAddress remote = address(options, "remote_ip", base.remote());
        int mtu = 0;
        if (options.containsKey("mtu")) {
            String v = options.get("mtu");
            int min = base.ipv6() ? 1280 : 68; // IPV6_MIN_MTU: below it the kernel turns IPv6 off on the device
            if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < min || Integer.parseInt(v) > 65535) {
                throw new IllegalArgumentException("--mtu is a number from " + min + " to 65535 for " + version + ", not '" + v + "'");
            }
            mtu = Integer.parseInt(v);
        }
        return new ScriptAddresses(local, remote, mtu);
    }

    private static IpAddress address(Map<String, String> options, String name, IpAddress otherwise) {
        String text = options.get(name);
        if (text == null) {
            return otherwise;
        }
        IpAddress a;
        try {
            a = IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " is not an IP address: " + e.getMessage());
        }
        if (a.byteLength() != otherwise.byteLength()) {
            throw new IllegalArgumentException("--" + name + "=" + text + " is not an " + (otherwise.ipv6() ? "IPv6" : "IPv4")
                    + " address, as --ip_version=" + (otherwise.ipv6() ? "ipv6" : "ipv4") + " asks");
        }
        return a;
    }
}
