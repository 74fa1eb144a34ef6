package dev.handshakelab.core.tcp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-host counters, named after Linux's SNMP / netstat MIB entries where one exists, plus one
 * counter per {@link DropReason}.
 */
public final class Counters {

    /** Things worth counting besides drops. */
    public enum Counter {
        SEGMENTS_RECEIVED, SEGMENTS_SENT, SYNS_RECEIVED, SYNACKS_SENT, SYNACK_RETRANSMITS,
        /** {@code LINUX_MIB_SYNCOOKIESSENT}. */
        SYNCOOKIES_SENT,
        /** {@code LINUX_MIB_SYNCOOKIESRECV}. */
        SYNCOOKIES_RECV,
        /** {@code LINUX_MIB_SYNCOOKIESFAILED}. */
        SYNCOOKIES_FAILED,
        /** {@code LINUX_MIB_LISTENOVERFLOWS}. */
        LISTEN_OVERFLOWS,
        /** {@code LINUX_MIB_TCPREQQFULLDROP}. */
        REQ_QFULL_DROP,
        /** {@code LINUX_MIB_EMBRYONICRSTS}. */
        EMBRYONIC_RSTS,
        RSTS_SENT, CHALLENGE_ACKS,
        /** {@code TCP_MIB_PASSIVEOPENS}. */
        PASSIVE_OPENS,
        /** {@code TCP_MIB_ACTIVEOPENS}. */
        ACTIVE_OPENS,
        REQUESTS_EXPIRED, CONNECT_FAILED, ACCEPTED
    }

    private final long[] counters = new long[Counter.values().length];
    private final long[] drops = new long[DropReason.values().length];

    void inc(Counter c) {
        counters[c.ordinal()]++;
    }

    /** Counts one discarded segment (public so the network layer can count middlebox drops). */
    public void drop(DropReason r) {
        drops[r.ordinal()]++;
    }

    public long get(Counter c) {
        return counters[c.ordinal()];
    }

    public long drops(DropReason r) {
        return drops[r.ordinal()];
    }

    /** Non-zero counters and drop counters (drops prefixed {@code drop.}), in declaration order. */
    public Map<String, Long> nonZero() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            if (counters[c.ordinal()] != 0) m.put(c.name(), counters[c.ordinal()]);
        }
        for (DropReason r : DropReason.values()) {
            if (drops[r.ordinal()] != 0) m.put("drop." + r.name(), drops[r.ordinal()]);
        }
        return m;
    }
}
