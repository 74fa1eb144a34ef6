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
        try (CaptureWriter file = format == CaptureFormat.PCAP ? new PcapWriter(bytes) : new PcapngWriter(bytes, "Handshake Lab")) {
            sessions.forEachEvent(id, filter, event -> {
                String at = observedAt(event, format);
                if (at != null) {
                    try {
                        file.write(datagram(event, at));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory: not expected
        }
        return bytes.toByteArray();
    }

    /**
     * Where the file records this event's datagram, or null if it records none. Classic pcap has
     * one interface: each datagram once, as its sender put it on the wire. In pcapng each
     * sighting goes on the interface of the point that saw it: sent at its sender, received at
     * its receiver, dropped where it died (a middlebox on a route, or the host's TCP). An ICMP
     * error quotes a datagram already recorded when it was sent, and is left out.
     */
    private static String observedAt(JsonNode event, CaptureFormat format) {
        String kind = event.get("kind").asString();
        String host = event.get("host").asString();
        if (format == CaptureFormat.PCAP) {
            return kind.equals("segment-sent") ? host : null;
        }
        if (!event.has("segment") || kind.equals("icmp-received")) {
            return null;
        }
        if (kind.equals("segment-dropped")) {
            String where = event.get("where").asString();
            if (where.startsWith(FORWARD) || where.startsWith(RETURN)) {
                return where;
            }
        }
        return host;
    }

    /** The event's datagram as it travelled, commented with the event's own sentence, as the history shows it. */
    private static CapturedDatagram datagram(JsonNode event, String observedAt) {
        JsonNode segment = event.get("segment");
        return new CapturedDatagram(event.get("atMicros").asLong(), observedAt,
                HexFormat.of().parseHex(segment.get("ipHex").asString()), event.get("text").asString());
    }
}
