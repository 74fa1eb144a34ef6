package dev.handshakelab.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The check language on hand-made histories shaped like the history API's events. */
class CheckEvaluatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<JsonNode> history = new ArrayList<>();

    private void event(long atMillis, String kind, String host, String text, String segment) {
        history.add(JSON.readTree("{\"index\":" + history.size() + ",\"atMicros\":" + atMillis * 1000 + ",\"kind\":\"" + kind
                + "\",\"host\":\"" + host + "\",\"connection\":\"10.0.0.1:40000-10.0.0.2:80\",\"text\":\"" + text + "\""
                + (segment == null ? "" : ",\"segment\":" + segment) + "}"));
    }

    private static Check check(String json) {
        return Check.parse(JSON.readTree(json), "checks[0]");
    }

    /** A SYN received at 0, the SYN-ACK sent (wscale 7, ack = syn + 1), then resent at 1 s and 3 s. */
    private void handshake(long synSeq, long ack) {
        event(0, "segment-received", "server", "server receives SYN",
                "{\"flags\":[\"SYN\"],\"seq\":" + synSeq + ",\"ack\":0,\"options\":[{\"kind\":\"wscale\",\"shift\":7}]}");
        String synAck = "{\"flags\":[\"SYN\",\"ACK\"],\"seq\":500,\"ack\":" + ack + ",\"options\":[{\"kind\":\"mss\",\"mss\":1460},{\"kind\":\"wscale\",\"shift\":7}]";
        event(0, "segment-sent", "server", "server sends SYN-ACK", synAck + "}");
        event(1000, "segment-sent", "server", "server retransmits SYN-ACK", synAck + ",\"retransmission\":1}");
        event(3000, "segment-sent", "server", "server retransmits SYN-ACK", synAck + ",\"retransmission\":2}");
    }

    private static final String ACKS_ISN = """
            {"id":"acks-isn","title":"ack = ISN + 1","steps":[
              {"as":"syn","describe":"your SYN","where":{"kind":"segment-received","segment.flags":{"has":"SYN","lacks":"ACK"}}},
              {"describe":"a SYN-ACK acking ISN + 1","where":{"kind":"segment-sent","host":"server","segment.flags":{"has":["SYN","ACK"]},
                "segment.ack":{"ref":"syn","field":"segment.seq","plus":1}}}]}""";

    @Test
    void passes_naming_the_events_that_satisfied_each_step() {
        handshake(1000, 1001);
        CheckResult r = CheckEvaluator.evaluate(check(ACKS_ISN), history);
        assertThat(r.passed()).isTrue();
        assertThat(r.earned()).isEqualTo(1);
        assertThat(r.events()).containsExactly(0L, 1L);
        assertThat(r.explanation()).isEqualTo("your SYN: event #0; then a SYN-ACK acking ISN + 1: event #1");
    }

    @Test
    void a_reference_plus_one_wraps_in_sequence_space() {
        handshake(4294967295L, 0);
        assertThat(CheckEvaluator.evaluate(check(ACKS_ISN), history).passed()).isTrue();
    }

    @Test
    void a_fail_names_the_nearest_miss_and_the_unmet_condition() {
        handshake(1000, 1002);
        CheckResult r = CheckEvaluator.evaluate(check(ACKS_ISN), history);
        assertThat(r.passed()).isFalse();
        assertThat(r.earned()).isZero();
        assertThat(r.nearMiss()).isEqualTo(3L);
        assertThat(r.explanation()).isEqualTo("missing: a SYN-ACK acking ISN + 1 after event #0; the closest is event #3 (server retransmits SYN-ACK),"
                + " whose segment.ack is 1002, not = 1001 (syn.segment.seq + 1)");
    }

    @Test
    void an_option_is_found_by_its_kind_and_a_hint_comes_with_a_fail() {
        handshake(1000, 1001);
        CheckResult r = CheckEvaluator.evaluate(check("""
                {"id":"ws0","title":"wscale 0","hint":"the server echoes what you offered","steps":[
                  {"describe":"a SYN-ACK with wscale 0","where":{"segment.flags":{"has":["SYN","ACK"]},"segment.options.wscale.shift":0}}]}"""),
                history);
        assertThat(r.passed()).isFalse();
        assertThat(r.explanation()).contains("event #3").contains("segment.options.wscale.shift is 7, not = 0");
        assertThat(r.hint()).isEqualTo("the server echoes what you offered");
        Check present = check("""
                {"id":"mss","title":"mss","steps":[{"where":{"segment.options.mss":{"present":true},"segment.options.sackOK":{"present":false}}}]}""");
        assertThat(CheckEvaluator.evaluate(present, history).events()).containsExactly(1L);
    }

    @Test
    void counts_say_how_many_were_found_of_how_many_needed() {
        handshake(1000, 1001);
        String resent = """
                {"id":"resent","title":"resent","steps":[{"describe":"a resent SYN-ACK","atLeast":%d,
                  "where":{"segment.flags":{"has":["SYN","ACK"]},"segment.retransmission":{"gte":1}}}]}""";
        CheckResult two = CheckEvaluator.evaluate(check(resent.formatted(2)), history);
        assertThat(two.passed()).isTrue();
        assertThat(two.events()).containsExactly(3L);
        CheckResult three = CheckEvaluator.evaluate(check(resent.formatted(3)), history);
        assertThat(three.explanation()).isEqualTo("only 2 of the 3 needed: a resent SYN-ACK (events [#2, #3])");
    }

    @Test
    void order_and_within_are_measured_from_the_previous_steps_event() {
        handshake(1000, 1001);
        String within = """
                {"id":"w","title":"w","steps":[{"describe":"the SYN-ACK","where":{"text":"server sends SYN-ACK"}},
                  {"describe":"a retransmission","withinMillis":%d,"where":{"text":{"has":"retransmits"}}}]}""";
        assertThat(CheckEvaluator.evaluate(check(within.formatted(1000)), history).events()).containsExactly(1L, 2L);
        CheckResult tooSoon = CheckEvaluator.evaluate(check(within.formatted(500)), history);
        assertThat(tooSoon.explanation())
                .isEqualTo("event #2 is a retransmission but came 1000 ms after event #1, later than the 500 ms allowed");
        // "A before B": a SYN-ACK never comes before the SYN it answers
        CheckResult backwards = CheckEvaluator.evaluate(check("""
                {"id":"o","title":"o","steps":[{"describe":"a SYN-ACK","where":{"segment.flags":{"has":["SYN","ACK"]}}},
                  {"describe":"a SYN","where":{"kind":"segment-received"}}]}"""), history);
        assertThat(backwards.passed()).isFalse();
        assertThat(backwards.explanation()).startsWith("missing: a SYN after event #1");
    }

    @Test
    void a_later_candidate_is_tried_when_a_later_step_refers_to_it() {
        event(0, "segment-received", "server", "first SYN", "{\"flags\":[\"SYN\"],\"seq\":1}");
        event(0, "segment-received", "server", "second SYN", "{\"flags\":[\"SYN\"],\"seq\":50}");
        event(0, "segment-sent", "server", "SYN-ACK", "{\"flags\":[\"SYN\",\"ACK\"],\"ack\":51}");
        CheckResult r = CheckEvaluator.evaluate(check(ACKS_ISN), history);
        assertThat(r.events()).containsExactly(1L, 2L);
    }

    @Test
    void an_absent_step_passes_when_nothing_matches_and_names_the_event_that_did() {
        handshake(1000, 1001);
        String noRst = """
                {"id":"n","title":"n","steps":[{"describe":"the SYN","where":{"kind":"segment-received"}},
                  {"describe":"a %s","absent":true,"where":{"segment.flags":{"has":"%s"}}}]}""";
        CheckResult passed = CheckEvaluator.evaluate(check(noRst.formatted("RST", "RST")), history);
        assertThat(passed.passed()).isTrue();
        assertThat(passed.explanation()).isEqualTo("the SYN: event #0; then none: a RST after event #0");
        CheckResult failed = CheckEvaluator.evaluate(check(noRst.formatted("SYN-ACK", "ACK")), history);
        assertThat(failed.explanation()).isEqualTo("event #1 (server sends SYN-ACK) is a SYN-ACK, which should not have happened after event #0");
    }

    @Test
    void a_malformed_check_is_refused_naming_the_field() {
        assertThatThrownBy(() -> check("""
                {"id":"x","title":"x","steps":[{"where":{"segment.ack":{"equals":1}}}]}"""))
                .isInstanceOf(CheckSyntaxException.class)
                .hasMessage("checks[0].steps[0].where.segment.ack.equals: unknown operator 'equals'; one of eq, ne, gt, gte, lt, lte, in, has, lacks, present");
        assertThatThrownBy(() -> check("""
                {"id":"x","title":"x","steps":[{"where":{"segment.ack":{"ref":"syn","field":"segment.seq"}}}]}"""))
                .hasMessageStartingWith("checks[0].steps[0].where.segment.ack.ref: 'syn' names no earlier step");
        assertThatThrownBy(() -> check("""
                {"id":"x","title":"x","steps":[{"where":{"segmnet.ack":1}}]}"""))
                .hasMessageStartingWith("checks[0].steps[0].where.segmnet.ack: 'segmnet.ack' is not an event field");
        assertThatThrownBy(() -> check("""
                {"id":"x","title":"x","steps":[{"absent":true,"where":{"kind":"x"}},{"where":{"kind":"y"}}]}"""))
                .hasMessage("checks[0].steps[0].absent: only the last step may be absent");
        assertThatThrownBy(() -> check("""
                {"id":"x","title":"x","steps":[{"atLeast":0,"where":{"kind":"x"}}]}"""))
                .hasMessage("checks[0].steps[0].atLeast: must be a whole number between 1 and 100000");
        assertThatThrownBy(() -> check("""
                {"id":"x","steps":[{"where":{"kind":"x"}}]}""")).hasMessage("checks[0].title: is required");
    }
}
