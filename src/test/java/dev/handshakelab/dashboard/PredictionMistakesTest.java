package dev.handshakelab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handshakelab.exercise.PredictionViews.PredictionFieldResult;
import dev.handshakelab.support.Api;
import tools.jackson.databind.JsonNode;

/** Wrong predictions named by what the number was, the same in sessions with different ISNs. */
class PredictionMistakesTest {

    private static JsonNode sent(int index, String host, long seq, long ack, String... flags) {
        return Api.json().readTree("""
                {"index":%d,"kind":"segment-sent","host":"%s","connection":"c1","segment":{"seq":%d,"ack":%d,"flags":%s}}"""
                .formatted(index, host, seq, ack, Api.json().writeValueAsString(List.of(flags))));
    }

    /** A handshake with these ISNs, then a third segment from the client that acknowledges {@code thirdAck}. */
    private static Map<String, Long> thirdSegment(long client, long server, long thirdAck) {
        List<JsonNode> events = List.of(sent(0, "client", client, 0, "SYN"), sent(3, "server", server, client + 1, "SYN", "ACK"),
                sent(6, "client", client + 1, thirdAck, "ACK"));
        return PredictionMistakes.numbers(events.get(2), events);
    }

    @Test
    void anRstsSeqPredictedAsTheServersIsnPlusOne_isTheSameMistakeWhateverTheIsns() {
        // the bad third ACK acknowledged the server's ISN itself; the RST's seq takes that number (RFC 9293 3.10.7.1)
        String one = PredictionMistakes.label(new PredictionFieldResult("seq", 5001L, 5000L, false, ""), thirdSegment(1000, 5000, 5000));
        String two = PredictionMistakes.label(new PredictionFieldResult("seq", 90001L, 90000L, false, ""),
                thirdSegment(7, 90000, 90000));
        assertThat(one).isEqualTo(two).isEqualTo("seq = the server's ISN + 1 instead of the server's ISN");
        // an ack of no number of the handshake: the RST's seq is named as the segment's own ack
        assertThat(PredictionMistakes.label(new PredictionFieldResult("seq", 0L, 12345L, false, ""), thirdSegment(1000, 5000, 12345)))
                .isEqualTo("seq = 0 instead of your ack");
        assertThat(PredictionMistakes.label(new PredictionFieldResult("seq", 777L, 12345L, false, ""), thirdSegment(1000, 5000, 12345)))
                .isEqualTo("seq = another number instead of your ack");
    }

    @Test
    void numbersWrapAroundTheSequenceSpace() {
        // ISN 2^32 - 1: ISN + 1 is 0 on the wire
        assertThat(PredictionMistakes.label(new PredictionFieldResult("ack", 4294967295L, 0L, false, ""),
                thirdSegment(4294967295L, 5000, 5001))).isEqualTo("ack = your ISN instead of your ISN + 1");
    }

    @Test
    void otherFieldsAreNamedByTheirValues_andNothingBackIsSaid() {
        Map<String, Long> none = Map.of();
        assertThat(PredictionMistakes.label(new PredictionFieldResult("flags", List.of("RST", "ACK"), List.of("RST"), false, ""), none))
                .isEqualTo("flags = ACK, RST instead of RST");
        assertThat(PredictionMistakes.label(new PredictionFieldResult("state", "SYN_RECEIVED", "ESTABLISHED", false, ""), none))
                .isEqualTo("state = SYN_RECEIVED instead of ESTABLISHED");
        assertThat(PredictionMistakes.label(new PredictionFieldResult("nothing", true, false, false, ""), none))
                .isEqualTo("nothing comes back, but the reply did");
        assertThat(PredictionMistakes.label(new PredictionFieldResult("ack", 1001L, null, false, ""), none))
                .isEqualTo("ack = another number, but nothing came back");
    }
}
