package dev.handshakelab.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.packetdrill.LineResult.Status;
import org.junit.jupiter.api.Test;

/**
 * The runner's packetdrill semantics, one rule per test: timing tolerance, wildcard times,
 * TS ecr mapping, option order, unchecked fields, unsupported lines, and what the parser refuses.
 */
class ScriptRunnerTest {

    private static final String LISTENER = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 8) = 0
            +0 < S 0:0(0) win 64240 <mss 1460>
            +0 > S. 0:0(0) ack 1 win 64240 <mss 1460>
            """;

    private static RunResult run(String script) {
        return ScriptRunner.run(ScriptParser.parse(script), StackProfile.linux(), 3);
    }

    private static LineResult line(RunResult r, int line) {
        return r.lines().stream().filter(l -> l.line() == line).findFirst().orElseThrow();
    }

    @Test
    void aRetransmissionIsOnTimeWithinTwelveAndAHalfPercentOfTheGap_andLateBeyondIt() {
        // the SYN-ACK comes again at 1.0 s; +1.1 allows 137.5 ms (12.5 % of 1.1 s), +1.2 only 150 ms
        assertThat(run(LISTENER + "+1.1 > S. 0:0(0) ack 1 win 64240 <mss 1460>\n").passed()).isTrue();
        RunResult late = run(LISTENER + "+1.2 > S. 0:0(0) ack 1 win 64240 <mss 1460>\n");
        assertThat(late.failedLine()).isEqualTo(6);
        assertThat(line(late, 6).message()).contains("timing error").contains("1.200000").contains("1.000000");
        // an absolute window and the wildcard
        assertThat(run(LISTENER + "0.9~1.05 > S. 0:0(0) ack 1 win 64240 <mss 1460>\n").passed()).isTrue();
        assertThat(run(LISTENER + "* > S. 0:0(0) ack 1 win 64240 <mss 1460>\n* > S. 0:0(0) ack 1 win 64240 <mss 1460>\n").passed()).isTrue();
        assertThat(run(LISTENER + "+2~+2.5 > S. 0:0(0) ack 1 win 64240 <mss 1460>\n").passed()).isFalse();
    }

    @Test
    void anInboundTsEcrMustEchoAnOutboundTsValOfTheScript() {
        String script = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 bind(3, ..., ...) = 0
                +0 listen(3, 8) = 0
                +0 < S 0:0(0) win 64240 <mss 1460,sackOK,TS val 10 ecr 0,nop,wscale 7>
                +0 > S. 0:0(0) ack 1 win 65160 <mss 1460,sackOK,TS val 5000 ecr 10,nop,wscale 7>
                +0 < . 1:1(0) ack 1 win 502 <nop,nop,TS val 11 ecr %s>
                +0 accept(3, ..., ...) = 4
                """;
        assertThat(run(script.formatted(5000)).passed()).isTrue();
        RunResult unknown = run(script.formatted(4999));
        assertThat(line(unknown, 6).status()).isEqualTo(Status.ERROR);
        assertThat(line(unknown, 6).message()).contains("unable to infer live TS ecr for script TS ecr 4999");
    }

    @Test
    void optionsAreComparedPositionByPosition_unlessTheScriptWritesDotDotDot() {
        RunResult swapped = run(LISTENER.replace("<mss 1460>\n", "<mss 1460>\n").replace("+0 < S 0:0(0) win 64240 <mss 1460>",
                "+0 < S 0:0(0) win 64240 <mss 1460,sackOK,nop,nop>").replace("+0 > S. 0:0(0) ack 1 win 64240 <mss 1460>",
                "+0 > S. 0:0(0) ack 1 win 64240 <mss 1460,sackOK,nop,nop>"));
        assertThat(swapped.failedLine()).isEqualTo(5);
        assertThat(line(swapped, 5).message()).contains("bad outbound TCP options").contains("mss 1460,nop,nop,sackOK");
        // no window and <...>: neither is checked (FLAG_WIN_NOCHECK, FLAG_OPTIONS_NOCHECK)
        assertThat(run(LISTENER.replace("+0 > S. 0:0(0) ack 1 win 64240 <mss 1460>", "+0 > S. 0:0(0) ack 1 <...>")).passed()).isTrue();
        RunResult wrongAck = run(LISTENER.replace("+0 > S. 0:0(0) ack 1 win", "+0 > S. 0:0(0) ack 2 win"));
        assertThat(line(wrongAck, 5).message()).contains("tcp_ack_seq: expected: 2").contains("actual: 1");
    }

    @Test
    void whatTheLabDoesNotModel_stopsTheRunAtThatLineAsUnsupported() {
        RunResult r = run(LISTENER + "+0 < . 1:1(0) ack 1 win 502\n+0 accept(3, ..., ...) = 4\n+0 write(4, ..., 100) = 100\n+0 > P. 1:101(100) ack 1\n");
        assertThat(r.failedLine()).isEqualTo(8);
        assertThat(line(r, 8).status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(line(r, 8).message()).contains("data transfer is not modelled");
        assertThat(line(r, 9).status()).isEqualTo(Status.NOT_RUN);
        RunResult rcvbuf = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 setsockopt(3, SOL_SOCKET, SO_RCVBUF, [2048], 4) = 0\n");
        assertThat(line(rcvbuf, 2).status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(line(rcvbuf, 2).message()).contains("SO_RCVBUF");
    }

    /** TCP_FASTOPEN on the listener with tcp_fastopen 0x200 (cookie not required): the SYN's data is acknowledged and readable at once. */
    @Test
    void fastOpenOnTheListenerAcceptsDataOnTheSyn() {
        RunResult r = run("""
                `sysctl -q net.ipv4.tcp_fastopen=515`
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN, [5], 4) = 0
                +0 setsockopt(3, SOL_TCP, TCP_MAXSEG, [1000], 4) = 0
                +0 bind(3, ..., ...) = 0
                +0 listen(3, 8) = 0
                +0 < S 0:100(100) win 64240 <mss 1460>
                +0 > S. 0:0(0) ack 101 win 65000 <mss 1000>
                +0 accept(3, ..., ...) = 4
                +0 read(4, ..., 1000) = 100
                """);
        assertThat(r.passed()).as("%s", r.lines()).isTrue();
    }

    @Test
    void preambleSysctlsSetTheKnobs_andABadValueIsAnErrorOnItsLine() {
        String cookies = "`sysctl -q net.ipv4.tcp_syncookies=2 net.ipv4.tcp_timestamps=0`\n" + LISTENER.replace(
                "+0 > S. 0:0(0) ack 1 win 64240 <mss 1460>", "+0 > S. 0:0(0) ack 1 win 64240 <mss 1460>\n+1 < . 1:1(0) ack 1 win 502\n+0 accept(3, ..., ...) = 4");
        RunResult r = run(cookies);
        assertThat(r.passed()).as(PacketdrillConformanceTest.describe(r)).isTrue();
        assertThat(line(r, 1).message()).contains("net.ipv4.tcp_syncookies=2");
        RunResult bad = run("`sysctl -q net.ipv4.tcp_syncookies=7`\n" + LISTENER);
        assertThat(line(bad, 1).status()).isEqualTo(Status.ERROR);
        assertThat(line(bad, 1).message()).contains("syncookies must be between 0 and 2");
        RunResult ignored = run("`sysctl -q net.ipv4.tcp_congestion_control=bbr`\n" + LISTENER);
        assertThat(line(ignored, 1).status()).isEqualTo(Status.SKIPPED);
        assertThat(ignored.passed()).isTrue();
    }

    @Test
    void absoluteTimeMayNotGoBackwards_andTheFirstEventIsAtZero() {
        assertThat(line(run("1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"), 1).message()).contains("first event must be at time 0");
        RunResult back = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n2 bind(3, ..., ...) = 0\n1 listen(3, 8) = 0\n");
        assertThat(back.failedLine()).isEqualTo(3);
        assertThat(line(back, 3).message()).contains("time goes backward");
    }

    @Test
    void theParserRefusesWhatPacketdrillsParserRefuses_namingLineAndRule() {
        assertRefused("0 < S 0:0(0) <mss 1460>\n", 1, "win");
        assertRefused("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n* < S 0:0(0) win 1\n", 2, "time");
        assertRefused("0 < S 0:0(0) win 1 <mss 1460,bogus 3>\n", 1, "options");
        assertRefused("0 < SX 0:0(0) win 1\n", 1, "flags");
        assertRefused("0 < S 0:0(0) win 70000\n", 1, "win");
        assertRefused("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n/* never closed\n0 < S 0:0(0) win 1\n", 2, "comment");
        assertRefused("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 %{ print(tcpi_rto) }%\n", 2, "code-block");
        assertRefused("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 epoll_create(1) = 4\n", 2, "syscall");
        assertThatThrownBy(() -> ScriptParser.parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 sendfile(4, 5, NULL, 10) = 10\n"))
                .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(e.kind()).isEqualTo(ScriptException.Kind.UNSUPPORTED));
    }

    private static void assertRefused(String script, int line, String rule) {
        assertThatThrownBy(() -> ScriptParser.parse(script)).isInstanceOfSatisfying(ScriptException.class, e -> {
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
        });
    }
}
