package dev.handshakelab.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What one stack did in a scenario, normalised so that two stacks can be compared: sequence
 * numbers relative to each side's ISN and TS vals relative to each connection's first, both in
 * the scenario's own numbering (packetdrill's), times in microseconds since the start.
 *
 * <p>Two traces match when they sent the same segments in the same order (flags, sequence and
 * acknowledgement numbers, window, options in order with their values, ECN codepoint, payload
 * length) at times within {@link #timeTolerance} of each other, with TS vals advancing alike, and
 * when every system call returned the same. Inputs are listed for the reader, not compared.
 */
record Trace(String stack, List<Entry> inputs, List<Entry> sent, List<Entry> calls, List<Long> stimuli, String unsupported) {

    /** The floor of the time tolerance: a loaded CI machine delays the kernel's replies by tens of ms. */
    static final long TOLERANCE_FLOOR_MICROS = 50_000;
    /** TS vals are milliseconds; a SYN-cookie SYN-ACK also carries its options in the low 6 bits (cookie_init_timestamp). */
    static final long TS_TOLERANCE_FLOOR = 70;

    enum Kind { INPUT, SENT, CALL }

    /**
     * One line: {@code text} is the normalised packet line (with {@code TS val *} in place of the
     * value, which is {@code tsDelta}) or the call with its result. A sent packet's {@code anchor}
     * is the stimulus (injection or call, in the order they were made) it followed, -1 for none.
     */
    record Entry(Kind kind, long at, String text, Long tsDelta, int anchor) {
        String display() {
            String shown = tsDelta == null ? text : text.replace("TS val *", "TS val +" + tsDelta);
            return String.format(Locale.ROOT, "%9.6f %s", at / 1e6, shown);
        }
    }

    static Trace unsupported(String stack, String reason) {
        return new Trace(stack, List.of(), List.of(), List.of(), List.of(), reason);
    }

    /** 10 % of the delay, at least {@link #TOLERANCE_FLOOR_MICROS}. */
    static long timeTolerance(long delay) {
        return Math.max(TOLERANCE_FLOOR_MICROS, Math.abs(delay) / 10);
    }

    /** When the stimulus a packet followed happened, 0 when none. */
    private long anchorTime(int anchor) {
        return anchor < 0 || anchor >= stimuli.size() ? 0 : stimuli.get(anchor);
    }

    /**
     * The differences between {@code expected} (the simulated server) and {@code actual} (the
     * kernel), one per line; empty when they match. A packet's time is compared as its delay after
     * the stimulus it followed on the simulated side (the same stimulus on both sides), so that a
     * kernel run that fell behind its schedule on a busy machine is not a difference, and a timer
     * that fires late or early is. A TS val is compared as its drift from the time elapsed since
     * the first TS val to that client.
     */
    static List<String> differences(Trace expected, Trace actual) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> clients = new java.util.TreeSet<>(expected.byClient().keySet());
        clients.addAll(actual.byClient().keySet());
        for (String client : clients) {
            List<Entry> es = expected.byClient().getOrDefault(client, List.of());
            List<Entry> as = actual.byClient().getOrDefault(client, List.of());
            String who = client.isEmpty() ? "sent #" : client + " sent #";
            for (int i = 0; i < Math.max(es.size(), as.size()); i++) {
                if (i >= es.size()) {
                    out.add(who + (i + 1) + ": only the " + actual.stack + " sent " + as.get(i).display());
                    continue;
                }
                if (i >= as.size()) {
                    out.add(who + (i + 1) + ": only the " + expected.stack + " sent " + es.get(i).display());
                    continue;
                }
                Entry e = es.get(i);
                Entry a = as.get(i);
                if (!e.text.equals(a.text)) {
                    out.add(who + (i + 1) + ": " + expected.stack + " " + e.display() + "  vs  " + actual.stack + " " + a.display());
                    continue;
                }
                long delay = e.at - expected.anchorTime(e.anchor);
                long actualDelay = a.at - actual.anchorTime(e.anchor);
                if (Math.abs(delay - actualDelay) > timeTolerance(delay)) {
                    out.add(String.format(Locale.ROOT, "%s%d: %.3f s after stimulus #%d on the %s but %.3f s on the %s (tolerance %.3f s)",
                            who, i + 1, delay / 1e6, e.anchor + 1, expected.stack, actualDelay / 1e6, actual.stack, timeTolerance(delay) / 1e6));
                }
                Long eDrift = expected.tsDrift(e);
                Long aDrift = actual.tsDrift(a);
                if (eDrift != null && aDrift != null && Math.abs(eDrift - aDrift) > Math.max(TS_TOLERANCE_FLOOR, Math.abs(e.tsDelta) / 10)) {
                    out.add(who + (i + 1) + ": TS val +" + e.tsDelta + " on the " + expected.stack + " but +" + a.tsDelta + " on the "
                            + actual.stack + " (" + eDrift + " and " + aDrift + " ms off the time elapsed since the first TS val)");
                }
            }
        }
        for (int i = 0; i < Math.max(expected.calls.size(), actual.calls.size()); i++) {
            String e = i < expected.calls.size() ? expected.calls.get(i).text : "(no call)";
            String a = i < actual.calls.size() ? actual.calls.get(i).text : "(no call)";
            if (!e.equals(a)) {
                out.add("call #" + (i + 1) + ": " + expected.stack + " " + e + "  vs  " + actual.stack + " " + a);
            }
        }
        return out;
    }

    /** A TS val's delta minus the milliseconds elapsed since the first TS val sent to the same client. */
    private Long tsDrift(Entry e) {
        if (e.tsDelta == null) {
            return null;
        }
        for (Entry first : byClient().get(client(e))) {
            if (first.tsDelta != null) {
                return e.tsDelta - (e.at - first.at) / 1000;
            }
        }
        return null;
    }

    /** The "[client k]" a packet line starts with, empty for client 0. */
    private static String client(Entry e) {
        return e.text.startsWith("[client") ? e.text.substring(0, e.text.indexOf(']') + 1) : "";
    }

    /**
     * What was sent, per client in the order sent. Packets to different clients are compared
     * per client: the order in which two request timers due at the same moment fire is the
     * kernel's hash-table order, not behaviour.
     */
    private java.util.Map<String, List<Entry>> byClient() {
        java.util.Map<String, List<Entry>> m = new java.util.LinkedHashMap<>();
        for (Entry e : sent) {
            m.computeIfAbsent(client(e), k -> new ArrayList<>()).add(e);
        }
        return m;
    }

    /** Inputs, packets sent and calls in time order, one per line. */
    String listing() {
        List<Entry> all = new ArrayList<>(inputs);
        all.addAll(sent);
        all.addAll(calls);
        all.sort(Comparator.comparingLong(Entry::at));
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(stack).append(":\n");
        if (unsupported != null) {
            sb.append("    cannot run: ").append(unsupported).append('\n');
        }
        for (Entry e : all) {
            sb.append("    ").append(e.display()).append('\n');
        }
        return sb.toString();
    }
}
