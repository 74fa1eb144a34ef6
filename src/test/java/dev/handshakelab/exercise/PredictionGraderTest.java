package dev.handshakelab.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The grading of a prediction on hand-made histories: a send still on its way, an answer lost on the way back. */
class PredictionGraderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String C = "\"connection\":\"10.0.0.1:40000-10.0.0.2:80\"";

    private static final Prediction ACK_OR_NOTHING = Prediction.parse(JSON.readTree("""
            {"id":"p","prompt":"?","fields":["nothing","ack"],"points":2,
             "before":{"describe":"your SYN","where":{"kind":"segment-sent","host":"client","segment.flags":{"has":"SYN"}}}}"""), "p");

    private final List<JsonNode> events = new ArrayList<>();

    private void event(String json) {
        events.add(JSON.readTree("{\"index\":" + events.size() + "," + C + "," + json + "}"));
    }

    private static PredictionGrader.Stored said(Long ack, Boolean nothing) {
        return new PredictionGrader.Stored(new PredictionViews.PredictionRequest("p", nothing, null, ack, null, null, null, null), 1, 0);
    }

    @Test
    void aSendStillOnItsWayIsNotGradedYet_thenAnAnswerDroppedOnTheWayBackIsNothing() {
        event("\"atMicros\":0,\"kind\":\"segment-sent\",\"host\":\"client\",\"segment\":{\"sender\":\"client\",\"flags\":[\"SYN\"],\"seq\":1000}");
        PredictionViews.PredictionResult waiting = PredictionGrader.grade(ACK_OR_NOTHING, said(null, true), events);
        assertThat(waiting.status()).isEqualTo("in-flight");
        assertThat(waiting.explanation()).contains("has not reached the server yet");

        event("\"atMicros\":10000,\"kind\":\"segment-received\",\"host\":\"server\",\"segment\":{\"sender\":\"client\",\"flags\":[\"SYN\"],\"seq\":1000}");
        event("\"atMicros\":10000,\"kind\":\"segment-sent\",\"host\":\"server\",\"segment\":{\"sender\":\"server\",\"flags\":[\"SYN\",\"ACK\"],"
                + "\"seq\":7,\"ack\":1001,\"retransmission\":0,\"summary\":\"S. 7:7(0) ack 1001\"}");
        assertThat(PredictionGrader.grade(ACK_OR_NOTHING, said(null, true), events).status()).as("the answer is on its way back")
                .isEqualTo("in-flight");

        event("\"atMicros\":10000,\"kind\":\"segment-dropped\",\"host\":\"client\",\"text\":\"loss drops S. 7:7(0) ack 1001\","
                + "\"segment\":{\"sender\":\"server\",\"flags\":[\"SYN\",\"ACK\"]}");
        PredictionViews.PredictionResult nothing = PredictionGrader.grade(ACK_OR_NOTHING, said(null, true), events);
        assertThat(nothing.status()).isEqualTo("graded");
        assertThat(nothing.earned()).isEqualTo(2);
        assertThat(nothing.results()).singleElement().satisfies(f -> assertThat(f.explanation())
                .isEqualTo("the server answered with S. 7:7(0) ack 1001 (event #2), but it never reached you: loss drops S. 7:7(0) ack 1001 (event #3)"));

        // the same history for a student who predicted an answer: its ack was right, that it came back was not
        PredictionViews.PredictionResult ack = PredictionGrader.grade(ACK_OR_NOTHING, said(1001L, null), events);
        assertThat(ack.results()).extracting(PredictionViews.PredictionFieldResult::correct).containsExactly(false, true);
        assertThat(ack.earned()).isEqualTo(1);
        assertThat(ack.reply()).isEqualTo(2);
    }

    @Test
    void aPredictionStoredAfterItsSendIsNeverGraded_andNoneMadeIsMissed() {
        event("\"atMicros\":0,\"kind\":\"segment-sent\",\"host\":\"client\",\"segment\":{\"sender\":\"client\",\"flags\":[\"SYN\"],\"seq\":1000}");
        PredictionGrader.Stored late = new PredictionGrader.Stored(said(1001L, null).predicted(), 2, 1);
        PredictionViews.PredictionResult result = PredictionGrader.grade(ACK_OR_NOTHING, late, events);
        assertThat(result.status()).isEqualTo("missed");
        assertThat(result.earned()).isZero();
        assertThat(PredictionGrader.grade(ACK_OR_NOTHING, null, events).explanation())
                .isEqualTo("your SYN was sent (event #0) without a prediction; a prediction can only be made before the send it predicts");
    }
}
