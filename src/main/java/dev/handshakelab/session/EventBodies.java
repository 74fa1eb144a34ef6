package dev.handshakelab.session;

import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.handshakelab.session.api.RawJson;
import dev.handshakelab.session.api.SegmentView;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as history keeps them, and back as the API shows them.
 *
 * <p>A segment's view (every field decoded, each option with its offset and text, the hex) is a
 * function of the bytes that travelled, who sent them, when, and which retransmission they were.
 * History keeps just those and the segment's packetdrill line ({@link KeptSegment}) and derives
 * the rest when it is read. A segment's view is about 1.2 KB of JSON, what is kept about 300
 * bytes, and most of a step's events carry a segment, so a SYN step's history is kept in well
 * under half the size: what the database writes, and its background writer copies, on every
 * step (see README, "Benchmarks and load test").
 *
 * <p>History written before this kept whole views; those are shown as they are.
 */
final class EventBodies {

    private static final HexFormat HEX = HexFormat.of();

    private final JsonMapper json;

    EventBodies(JsonMapper json) {
        this.json = json;
    }

    /**
     * A segment as history keeps it: enough to derive its {@link SegmentView} again. The
     * packetdrill line is kept too, as it was written from the datagram its sender built (see
     * {@link SegmentViews#view(long, String, byte[], String, Integer)}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeptSegment(long atMicros, String sender, Integer retransmission, String summary, String ipHex) {

        static KeptSegment of(SegmentView view) {
            return new KeptSegment(view.atMicros(), view.sender(), view.retransmission(), view.summary(), view.ipHex());
        }

        SegmentView view() {
            return SegmentViews.view(atMicros, sender, HEX.parseHex(ipHex), summary, retransmission);
        }
    }

    /**
     * The event as history keeps it, from the event as the API shows it ({@code shownEvent},
     * written with its segment as {@code segmentJson}): the segment becomes a
     * {@link KeptSegment}. A {@link RawJson} is written as it is, so the event's JSON holds the
     * segment's verbatim, and only the segment needs writing again. (It is the first object in
     * the event's JSON: the fields before it are numbers and strings, and a string's quotes are
     * escaped, so no string holds it.) An event without a segment needs no such call: it is
     * kept as it is shown.
     */
    String kept(String shownEvent, SegmentView segment, RawJson segmentJson) {
        int at = shownEvent.indexOf(segmentJson.json());
        if (at < 0) {
            throw new IllegalArgumentException("the event's JSON does not hold its segment's");
        }
        return shownEvent.substring(0, at) + json.writeValueAsString(KeptSegment.of(segment))
                + shownEvent.substring(at + segmentJson.json().length());
    }

    /**
     * The event as the API shows it, from what history kept: the same JSON, byte for byte, as
     * the step that made it answered with.
     */
    String shown(String kept) {
        if (!kept.contains("\"segment\"")) {
            return kept;
        }
        JsonNode event = json.readTree(kept);
        return expand(event) ? json.writeValueAsString(event) : kept;
    }

    /** {@link #shown} as a tree, for readers that look into the event rather than pass it on. */
    JsonNode shownTree(String kept) {
        JsonNode event = json.readTree(kept);
        expand(event);
        return event;
    }

    /**
     * Puts the whole view in place of a kept segment; false if there was none (an event without
     * a segment, or one kept whole before segments were kept as bytes).
     */
    private boolean expand(JsonNode event) {
        JsonNode segment = event.get("segment");
        if (segment == null || segment.has("tcpHex")) {
            return false;
        }
        KeptSegment k = json.treeToValue(segment, KeptSegment.class);
        ((ObjectNode) event).set("segment", json.valueToTree(k.view()));
        return true;
    }
}
