package dev.handshakelab.packetdrill;

import dev.handshakelab.core.wire.TcpOption;
import java.util.List;
import java.util.Map;

/**
 * A parsed packetdrill script: the command-line options at its top ({@code --tolerance_usecs=…}),
 * and its events in order, each with the line it came from. The grammar is packetdrill's
 * ({@code parser.y}, {@code lexer.l}), cut down to what handshake scripts use.
 */
public record Script(Map<String, String> options, List<Event> events) {

    /** The addresses and MTU the options ask for ({@code --ip_version}, {@code --local_ip}, {@code --remote_ip}, {@code --mtu}). */
    public ScriptAddresses addresses() {
        return ScriptAddresses.of(options);
    }

    /** When an event happens ({@code struct event}'s time_type, time_usecs, time_usecs_end). */
    public record Timing(Kind kind, long micros, long endMicros) {
        public enum Kind {
            /** {@code 0.100}: seconds since the script's start. */
            ABSOLUTE,
            /** {@code +0.1}: after the previous event. */
            RELATIVE,
            /** {@code *}: any time (outbound packets only). */
            ANY,
            /** {@code 0.1~0.2}: inside this window (outbound packets only). */
            ABSOLUTE_RANGE,
            /** {@code +1~+1.1}: inside this window after the previous event. */
            RELATIVE_RANGE
        }
    }

    /** One line of the script that does something. */
    public sealed interface Event {
        int line();
        String text();
        Timing timing();
    }

    /**
     * A packet line: {@code < S 0:0(0) win 65535 <mss 1460>} (inbound, injected) or
     * {@code > S. 0:0(0) ack 1 <...>} (outbound, expected). {@code ack} is null when absent;
     * {@code window} is null for an outbound packet without {@code win} (FLAG_WIN_NOCHECK);
     * {@code options} is null for {@code <...>} (FLAG_OPTIONS_NOCHECK). {@code ecn} is -1 when
     * the line names no ECN codepoint, 4 for {@code [ect01]} (either ECT).
     */
    public record PacketEvent(int line, String text, Timing timing, boolean inbound, int ecn, int flags,
                              long startSeq, int payloadLength, Long ack, Integer window, int urgentPointer,
                              List<TcpOption> options) implements Event {}

    /**
     * A system call: {@code name(args) = result}, or {@code = -1 ERRNO (text)}. A blocking call
     * written {@code start...end} has {@code endTiming}; otherwise it is null.
     */
    public record SyscallEvent(int line, String text, Timing timing, Timing endTiming, String name, List<String> args,
                               long result, String errno) implements Event {}

    /** A shell command in backticks: only {@code sysctl} settings and {@code defaults.sh} mean something here. */
    public record CommandEvent(int line, String text, Timing timing, String command) implements Event {}
}
