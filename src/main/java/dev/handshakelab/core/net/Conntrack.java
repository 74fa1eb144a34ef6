package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.TcpFlags;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection tracking table for TCP, after Linux netfilter's {@code nf_conntrack_proto_tcp.c}:
 * the same ten states, the same transition table ({@code tcp_conntracks[dir][flags][state]}), the
 * same state timeouts ({@code tcp_timeouts}), and the state a rule sees ({@code --ctstate NEW,
 * ESTABLISHED, INVALID}; see the netfilter conntrack sysctl documentation).
 *
 * <p>Settings followed: {@code nf_conntrack_tcp_loose=0}, so only a SYN can create an entry and a
 * connection already under way (an ACK or SYN-ACK with no entry) is INVALID; sequence-window
 * tracking ({@code tcp_in_window}) is not modelled, as with {@code nf_conntrack_tcp_be_liberal=1},
 * so only the state table and the flag check of {@code tcp_error} make a segment INVALID.
 */
public final class Conntrack {

    /** {@code enum tcp_conntrack}. */
    public enum State {
        NONE(0), SYN_SENT(120), SYN_RECV(60), ESTABLISHED(5 * 24 * 3600), FIN_WAIT(120), CLOSE_WAIT(60),
        LAST_ACK(30), TIME_WAIT(120), CLOSE(10), SYN_SENT2(120);

        /** {@code tcp_timeouts}: how long an entry in this state lives without traffic. */
        final long timeoutMicros;

        State(long seconds) {
            this.timeoutMicros = seconds * 1_000_000L;
        }
    }

    /** What {@code -m conntrack --ctstate} sees. */
    public enum CtState { NEW, ESTABLISHED, INVALID }

    /** The outcome for one datagram: what a rule sees, and why, in words. */
    public record Result(CtState ctState, String reason) {}

    private static final State NO = State.NONE, SS = State.SYN_SENT, SR = State.SYN_RECV, ES = State.ESTABLISHED,
            FW = State.FIN_WAIT, CW = State.CLOSE_WAIT, LA = State.LAST_ACK, TW = State.TIME_WAIT, CL = State.CLOSE,
            S2 = State.SYN_SENT2;
    /** sIV: the segment is INVALID. */
    private static final State IV = null;
    /** sIG: the segment passes and changes nothing. Its own marker object, never a real state. */
    private static final State[] IGNORE = new State[0];

    private static final int SYN = 0, SYNACK = 1, FIN = 2, ACK = 3, RST = 4, NONE_SET = 5;
    private static final String[] INDEX_NAMES = {"SYN", "SYN-ACK", "FIN", "ACK", "RST", "no-flag segment"};

    /** {@code tcp_conntracks}: [direction][flags][old state], columns sNO sSS sSR sES sFW sCW sLA sTW sCL sS2. */
    private static final Object[][][] TABLE = {
        { // ORIGINAL
            {SS, SS, IGNORE, IGNORE, IGNORE, IGNORE, IGNORE, SS, SS, S2},   // syn
            {IV, IV, SR, IV, IV, IV, IV, IV, IV, SR},                      // synack
            {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},                      // fin
            {ES, IV, ES, ES, CW, CW, TW, TW, CL, IV},                      // ack
            {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},                      // rst
            {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},                      // none
        },
        { // REPLY
            {IV, S2, IV, IV, IV, IV, IV, SS, IV, S2},                      // syn
            {IV, SR, IGNORE, IGNORE, IGNORE, IGNORE, IGNORE, IGNORE, IGNORE, SR}, // synack
            {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},                      // fin
            {IV, IGNORE, SR, ES, CW, CW, TW, TW, CL, IGNORE},              // ack
            {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},                      // rst
            {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},                      // none
        }
    };

    private record Tuple(HostPort src, HostPort dst) {
        Tuple reversed() {
            return new Tuple(dst, src);
        }

        @Override
        public String toString() {
            return src + " → " + dst;
        }
    }

    private static final class Entry {
        final Tuple original;
        State state;
        boolean seenReply;
        long expiresAt;

        Entry(Tuple original) {
            this.original = original;
        }
    }

    private final Map<Tuple, Entry> entries = new HashMap<>();

    /**
     * Heap per tracked connection, estimated: one {@code Entry} (32 B) and two keys into the map,
     * the original tuple and its reverse, each a {@code Tuple} (16 B) with two {@code HostPort}s
     * (2 × 24 B incl. their addresses, shared with the datagram only at first) and a map node
     * (32 B) in a table slot (4-8 B): about 250 B, rounded up.
     */
    static final int ENTRY_BYTES = 256;

    /** Connections tracked now. */
    public int size() {
        return entries.size() / 2;
    }

    /** Tracks one datagram at {@code nowMicros} ({@code nf_conntrack_in} → {@code nf_conntrack_tcp_packet}). */
    public Result track(IpDatagram d, long nowMicros) {
        Tuple tuple = new Tuple(d.source(), d.destination());
        TcpFlags flags = d.segment().flags();
        if (!validFlags(flags)) {
            // tcp_error: "invalid tcp flag combination"; the packet gets no conntrack at all.
            return new Result(CtState.INVALID, "invalid TCP flag combination " + flags.letters() + " for " + tuple + ", state INVALID");
        }
        Entry e = entries.get(tuple);
        if (e != null && e.expiresAt <= nowMicros) {
            forget(e);
            e = null;
        }
        int index = index(flags);
        if (e == null) {
            // tcp_new: only tcp_conntracks[0][index][sNO] == sSS (a SYN) starts an entry;
            // with nf_conntrack_tcp_loose=0 nothing else is picked up.
            if (index != SYN) {
                return new Result(CtState.INVALID, "no conntrack entry for " + tuple + ", state INVALID");
            }
            return open(tuple, nowMicros);
        }
        boolean reply = !e.original.equals(tuple);
        Object next = TABLE[reply ? 1 : 0][index][e.state.ordinal()];
        String dir = reply ? "reply" : "original";
        if (next == IGNORE) {
            // sIG: "may be either invalid or valid": let it through, change nothing.
            return new Result(ctState(e, reply), INDEX_NAMES[index] + " in the " + dir + " direction ignored in conntrack state " + e.state);
        }
        if (next == IV) {
            return new Result(CtState.INVALID, INDEX_NAMES[index] + " in the " + dir + " direction is invalid in conntrack state "
                    + e.state + " for " + tuple + ", state INVALID");
        }
        State to = (State) next;
        if (!reply && to == State.SYN_SENT && (e.state == State.CLOSE || e.state == State.TIME_WAIT)) {
            // A new SYN on a closed tuple: the old entry is killed and the SYN starts a new one.
            forget(e);
            return open(tuple, nowMicros);
        }
        State from = e.state;
        e.state = to;
        e.seenReply |= reply;
        e.expiresAt = nowMicros + to.timeoutMicros;
        return new Result(ctState(e, reply), INDEX_NAMES[index] + " in the " + dir + " direction: conntrack " + from + " → " + to);
    }

    /** The entry's state for the connection {@code a → b} (either direction), or null if none is alive. */
    public State stateOf(HostPort a, HostPort b, long nowMicros) {
        Entry e = entries.get(new Tuple(a, b));
        return e == null || e.expiresAt <= nowMicros ? null : e.state;
    }

    private Result open(Tuple tuple, long now) {
        Entry e = new Entry(tuple);
        e.state = State.SYN_SENT;
        e.expiresAt = now + State.SYN_SENT.timeoutMicros;
        entries.put(tuple, e);
        entries.put(tuple.reversed(), e);
        return new Result(CtState.NEW, "SYN starts conntrack entry " + tuple + " in state SYN_SENT");
    }

    private void forget(Entry e) {
        entries.remove(e.original);
        entries.remove(e.original.reversed());
    }

    /** ctinfo: reply packets are ESTABLISHED; original ones are NEW until a reply has been seen. */
    private static CtState ctState(Entry e, boolean reply) {
        return reply || e.seenReply ? CtState.ESTABLISHED : CtState.NEW;
    }

    /** {@code get_conntrack_index}. */
    private static int index(TcpFlags f) {
        if (f.rst()) return RST;
        if (f.syn()) return f.ack() ? SYNACK : SYN;
        if (f.fin()) return FIN;
        if (f.ack()) return ACK;
        return NONE_SET;
    }

    /** {@code tcp_valid_flags}: the combinations of FIN, SYN, RST, ACK, URG conntrack accepts (PSH, ECE, CWR are free). */
    static boolean validFlags(TcpFlags f) {
        int b = f.bits() & (TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK | TcpFlags.URG);
        int noUrg = b & ~TcpFlags.URG;
        boolean urg = (b & TcpFlags.URG) != 0;
        if (noUrg == TcpFlags.SYN || noUrg == (TcpFlags.SYN | TcpFlags.ACK) && !urg) return true;
        if (noUrg == TcpFlags.RST || noUrg == (TcpFlags.RST | TcpFlags.ACK)) return !urg;
        return noUrg == (TcpFlags.FIN | TcpFlags.ACK) || noUrg == TcpFlags.ACK;
    }
}
