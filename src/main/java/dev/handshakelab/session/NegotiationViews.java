package dev.handshakelab.session;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.handshakelab.core.tcp.Negotiation;

/** What two endpoints agreed on, item by item with the reason, as the API shows it. */
final class NegotiationViews {

    private NegotiationViews() {
    }

    static Map<String, Object> view(Negotiation n) {
        if (n == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mss", Map.of("value", n.sendMss(), "advertised", n.advertisedMss(), "peer", n.peerMss(), "reason", n.mssReason()));
        m.put("windowScale", Map.of("enabled", n.windowScaling(), "send", n.sendShift(), "receive", n.receiveShift(),
                "reason", n.windowScaleReason()));
        m.put("sack", Map.of("enabled", n.sack(), "reason", n.sackReason()));
        m.put("timestamps", Map.of("enabled", n.timestamps(), "reason", n.timestampsReason()));
        m.put("window", Map.of("value", n.synWindow(), "reason", n.windowReason()));
        m.put("cookie", n.cookie());
        return m;
    }
}
