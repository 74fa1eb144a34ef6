package dev.handshakelab.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import dev.handshakelab.HandshakeLabApplication;

import tools.jackson.databind.json.JsonMapper;

/** Exercise files: the schema, the check language and the Markdown, each refusing a broken file by name and field. */
class ExerciseFilesTest {

    private final ExerciseFiles files = new ExerciseFiles(JsonMapper.builder().build());

    private static final String GOOD = """
            {"id":"x-1","order":1,"title":"T","learningGoal":"G","template":"basic-handshake",
             "instructions":"Send a **SYN**. <script>alert(1)</script> [click](javascript:alert(1))",
             "checks":[{"id":"c","title":"c","steps":[{"where":{"kind":"segment-sent"}}]}]}""";

    private Exercise read(String name, String json) {
        return files.read(name, json.getBytes(StandardCharsets.UTF_8), t -> t.equals("basic-handshake"));
    }

    @Test
    void markdownIsRenderedAndRawHtmlAndScriptLinksAreDefused() {
        Exercise e = read("exercises/x-1.json", GOOD);
        assertThat(e.instructionsHtml()).contains("<strong>SYN</strong>").contains("&lt;script&gt;")
                .doesNotContain("<script>").doesNotContain("javascript:");
        assertThat(e.points()).isEqualTo(1);
    }

    @Test
    void aSchemaViolationNamesTheFileAndTheField() {
        assertThatThrownBy(() -> read("exercises/x-1.json", GOOD.replace("\"order\":1", "\"order\":\"first\"")))
                .hasMessageStartingWith("exercise file exercises/x-1.json: order: ");
        assertThatThrownBy(() -> read("exercises/x-1.json", GOOD.replace("\"title\":\"T\",", "")))
                .hasMessageStartingWith("exercise file exercises/x-1.json: title: ");
        assertThatThrownBy(() -> read("exercises/x-1.json", GOOD.replace("\"steps\":[", "\"stpes\":[],\"steps\":[")))
                .hasMessageStartingWith("exercise file exercises/x-1.json: checks[0]: ").hasMessageContaining("stpes");
    }

    @Test
    void theCheckLanguageAndTheCatalogueRulesNameTheFieldToo() {
        assertThatThrownBy(() -> read("exercises/x-1.json", GOOD.replace("\"kind\":\"segment-sent\"", "\"kind\":{\"like\":\"x\"}")))
                .hasMessageStartingWith("exercise file exercises/x-1.json: checks[0].steps[0].where.kind.like: unknown operator 'like'");
        assertThatThrownBy(() -> read("exercises/other.json", GOOD))
                .hasMessage("exercise file exercises/other.json: id: 'x-1' must be the file's name (x-1.json)");
        assertThatThrownBy(() -> read("exercises/x-1.json", GOOD.replace("basic-handshake", "no-such-template")))
                .hasMessageStartingWith("exercise file exercises/x-1.json: template: 'no-such-template' is not a template");
        assertThatThrownBy(() -> read("exercises/x-1.json", "{\"id\":")).hasMessageStartingWith("exercise file exercises/x-1.json: not JSON");
    }

    private static String withPrediction(String prediction) {
        return GOOD.replace("\"checks\":[", "\"predictions\":[" + prediction + "],\"checks\":[");
    }

    @Test
    void predictionsAreReadAndTheirRulesNameTheField() {
        String good = """
                {"id":"p","prompt":"ack?","fields":["ack","nothing"],"points":3,
                 "before":{"describe":"your SYN","where":{"kind":"segment-sent","segment.flags":{"has":"SYN"}}}}""";
        Exercise e = read("exercises/x-1.json", withPrediction(good));
        assertThat(e.predictions()).singleElement().satisfies(p -> {
            assertThat(p.before().label()).isEqualTo("your SYN");
            assertThat(p.fields()).containsExactly(Prediction.Field.ACK, Prediction.Field.NOTHING);
        });
        assertThat(e.points()).isEqualTo(1 + 3);
        assertThatThrownBy(() -> read("exercises/x-1.json", withPrediction(good.replace("\"has\":\"SYN\"", "\"hss\":\"SYN\""))))
                .hasMessageStartingWith("exercise file exercises/x-1.json: predictions[0].before.where.segment.flags.hss: unknown operator");
        assertThatThrownBy(() -> read("exercises/x-1.json", withPrediction(good.replace("\"ack\",", "\"rtt\","))))
                .hasMessageStartingWith("exercise file exercises/x-1.json: predictions[0].fields[0]: ");
        assertThatThrownBy(() -> read("exercises/x-1.json", withPrediction(good.replace("\"before\":{\"describe\":\"your SYN\",", "\"befor\":{},\"before\":{"))))
                .hasMessageStartingWith("exercise file exercises/x-1.json: predictions[0]: ").hasMessageContaining("befor");
        assertThatThrownBy(() -> read("exercises/x-1.json", withPrediction(good + "," + good)))
                .hasMessage("exercise file exercises/x-1.json: predictions[1].id: 'p' is the id of an earlier prediction");
    }

    @Test
    void aBrokenFileStopsTheApp() {
        SpringApplication app = new SpringApplication(HandshakeLabApplication.class);
        assertThatThrownBy(() -> app.run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:broken-exercises",
                "--handshake-lab.exercises.location=classpath:broken-exercises/*.json", "--handshake-lab.data-dir=target/broken-exercises"))
                .hasRootCauseMessage("exercise file exercises/bad-operator.json: checks[0].steps[1].where.segment.ack.equals: unknown operator "
                        + "'equals'; one of eq, ne, gt, gte, lt, lte, in, has, lacks, present");
    }
}
