package dev.handshakelab.session;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.handshakelab.core.tcp.Negotiation;

/**
 * What two endpoints agreed on, item by item with the reason, as the API shows it. Keys keep a
 * fixed order (never {@code Map.of}, whose order changes from one JVM to the next), so a
 * replayed event serialises to exactly the stored text.
 */
final class NegotiationViews {

    private NegotiationViews() {
    }

    static Map<String, Object> view(Negotiation n) {
        if (n == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mss", ordered("value", n.sendMss(), "advertised", n.advertisedMss(), "peer", n.peerMss(), "reason", n.mssReason()));
        m.put("windowScale", ordered("enabled", n.windowScaling(), "send", n.sendShift(), "receive", n.receiveShift(),
                "reason", n.windowScaleReason()));
        m.put("sack", ordered("enabled", n.sack(), "reason", n.sackReason()));
        m.put("timestamps", ordered("enabled", n.timestamps(), "reason", n.timestampsReason()));
        m.put("window", ordered("value", n.synWindow(), "reason", n.windowReason()));
        m.put("cookie", n.cookie());
        return m;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
