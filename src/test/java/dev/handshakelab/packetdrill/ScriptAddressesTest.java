package dev.handshakelab.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.Ipv6Address;
import org.junit.jupiter.api.Test;

/** packetdrill's {@code --ip_version}, {@code --local_ip}, {@code --remote_ip} and {@code --mtu}: parsed, checked, run. */
class ScriptAddressesTest {

    @Test
    void withoutOptionsAScriptRunsOverIpv4AndWithIpVersion6OnTheSelftestsIpv6Addresses() {
        assertThat(ScriptParser.parse("0 < S 0:0(0) win 1000").addresses()).isEqualTo(ScriptAddresses.IPV4);
        ScriptAddresses v6 = ScriptParser.parse("--ip_version=ipv6\n0 < S 0:0(0) win 1000").addresses();
        assertThat(v6.ipv6()).isTrue();
        assertThat(v6.local()).isEqualTo(Ipv6Address.parse("fd3d:a0b:17d6::1"));
        assertThat(v6.remote()).isEqualTo(Ipv6Address.parse("fd3d:fa7b:d17d::1"));
        assertThat(v6.mtu()).isZero();

        ScriptAddresses own = ScriptParser.parse("--ip_version=ipv6\n--local_ip=2001:db8::1\n--remote_ip=2001:db8::2\n--mtu=1280\n").addresses();
        assertThat(own).isEqualTo(new ScriptAddresses(Ipv6Address.parse("2001:db8::1"), Ipv6Address.parse("2001:db8::2"), 1280));
    }

    @Test
    void wrongOptionsAreRefusedNamingTheLineAndTheOption() {
        assertRefused("--ip_version=ipv5\n", 1, ScriptException.Kind.SYNTAX, "ip-version", "ipv4 or ipv6");
        assertRefused("--ip_version=ipv4-mapped-ipv6\n", 1, ScriptException.Kind.UNSUPPORTED, "ip-version", "not modelled");
        assertRefused("--ip_version=ipv6\n--local_ip=192.168.0.1\n", 2, ScriptException.Kind.SYNTAX, "local-ip", "is not an IPv6 address");
        assertRefused("--remote_ip=2001:db8::1\n", 1, ScriptException.Kind.SYNTAX, "remote-ip", "is not an IPv4 address");
        assertRefused("--remote_ip=nowhere\n", 1, ScriptException.Kind.SYNTAX, "remote-ip", "is not an IP address");
        assertRefused("--ip_version=ipv6\n--mtu=1000\n", 2, ScriptException.Kind.SYNTAX, "mtu", "from 1280 to 65535");
    }

    private static void assertRefused(String script, int line, ScriptException.Kind kind, String rule, String message) {
        assertThatThrownBy(() -> ScriptParser.parse(script)).isInstanceOfSatisfying(ScriptException.class, e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void anIpv6ScriptFailsWhereTheIpv4ExpectationWouldNotHold() {
        String body = "    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n   +0 bind(3, ..., ...) = 0\n   +0 listen(3, 8) = 0\n"
                + "   +0 < S 0:0(0) win 64240 <mss 1460>\n   +0 > S. 0:0(0) ack 1 <mss 1460>\n";
        assertThat(ScriptRunner.run(ScriptParser.parse(body), StackProfile.linux(), 1).passed()).isTrue();
        RunResult v6 = ScriptRunner.run(ScriptParser.parse("--ip_version=ipv6\n" + body), StackProfile.linux(), 1);
        assertThat(v6.passed()).isFalse();
        assertThat(v6.lines().stream().filter(LineResult::failed).findFirst().orElseThrow().actual()).contains("mss 1440");
        assertThat(ScriptRunner.run(ScriptParser.parse("--ip_version=ipv6\n--mtu=1520\n" + body), StackProfile.linux(), 1).passed()).isTrue();
    }
}
