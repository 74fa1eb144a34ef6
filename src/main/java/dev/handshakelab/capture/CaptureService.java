package dev.handshakelab.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

import org.springframework.stereotype.Service;

import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.session.SessionService;
import tools.jackson.databind.JsonNode;

/**
 * A session's traffic as a capture file, from its stored history: every datagram exactly as it
 * travelled (the bytes history kept, a bad checksum a student typed included), at the virtual
 * time it happened. The same history always gives the same file, byte for byte.
 */
@Service
public class CaptureService {

    /** The routes' names in a drop's {@code where}: a middlebox on one of them is an observation point of its own. */
    private static final String FORWARD = "forward route: ";
    private static final String RETURN = "return route: ";

    private final SessionService sessions;

    public CaptureService(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The session's datagrams that pass {@code filter}, in {@code format}. */
    public byte[] export(String id, HistoryFilter filter, CaptureFormat format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (format == CaptureFormat.PCAP) {
                try (PcapWriter pcap = new PcapWriter(bytes)) {
                    sessions.forEachEvent(id, filter, event -> sent(event, pcap));
                }
            } else {
                try (PcapngWriter pcapng = new PcapngWriter(bytes, "Handshake Lab")) {
                    sessions.forEachEvent(id, filter, event -> seen(event, pcapng));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory: not expected
        }
        return bytes.toByteArray();
    }

    /** Classic pcap has one interface: each datagram once, as its sender put it on the wire. */
    private static void sent(JsonNode event, PcapWriter pcap) {
        if (event.get("kind").asString().equals("segment-sent")) {
            write(() -> pcap.write(datagram(event, event.get("host").asString())));
        }
    }

    /**
     * In pcapng each sighting goes on the interface of the point that saw it: sent at its
     * sender, received at its receiver, dropped where it died. The comment is the event's own
     * sentence, as the history shows it.
     */
    private static void seen(JsonNode event, PcapngWriter pcapng) {
        String kind = event.get("kind").asString();
        if (!event.has("segment") || kind.equals("icmp-received")) {
            return; // an ICMP error quotes a datagram that was already recorded when it was sent
        }
        String at = event.get("host").asString();
        if (kind.equals("segment-dropped")) {
            String where = event.get("where").asString();
            if (where.startsWith(FORWARD) || where.startsWith(RETURN)) {
                at = where;
            }
        }
        CapturedDatagram d = datagram(event, at);
        write(() -> pcapng.write(d));
    }

    private static CapturedDatagram datagram(JsonNode event, String observedAt) {
        JsonNode segment = event.get("segment");
        return new CapturedDatagram(event.get("atMicros").asLong(), observedAt,
                HexFormat.of().parseHex(segment.get("ipHex").asString()), event.get("text").asString());
    }

    private interface Write {
        void run() throws IOException;
    }

    private static void write(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
