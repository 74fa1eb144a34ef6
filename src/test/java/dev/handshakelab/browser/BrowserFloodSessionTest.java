package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * A flood session as the syn-flood-cookies template's recipe leaves it (100,000 spoofed SYNs at
 * 10,000 a second, 300 legitimate clients): the page opens quickly, summarises the endpoints by
 * state instead of listing them all, and reads the history in one request.
 */
@ApiTest
class BrowserFloodSessionTest extends BrowserTestBase {

    /** The recipe the syn-flood templates' instructions give (LabTemplates.floodTemplates). */
    static final Map<String, Object> RECIPE = Map.of("syns", 100000, "ratePerSecond", 10000,
            "sources", Map.of("cidr", "198.51.100.0/24"), "startMillis", 1000, "durationMillis", 30000,
            "legitimate", Map.of("clients", 300, "ratePerSecond", 10, "preset", "linux"), "seed", 1);

    @Test
    void aFloodSessionOpensWithEndpointsSummarisedByState_andItsHistoryInOneRequest() throws Exception {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "flood load", "template", "syn-flood-cookies", "seed", 3));
        api.post("/api/v1/sessions/" + id + "/flood", RECIPE, 200);
        JsonNode snapshot = api.get("/api/v1/sessions/" + id + "/snapshot", 200);

        // Cold: the first time this server serves a flood session's page; warm: the same page opened again.
        long[] cold = openAndMeasure(id, "cold");
        long[] warm = openAndMeasure(id, "warm");
        if (Boolean.getBoolean("flood.profile")) {
            browser.driver().executeCdpCommand("Profiler.enable", Map.of());
            browser.driver().executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 200));
            browser.driver().executeCdpCommand("Profiler.start", Map.of());
            openAndMeasure(id, "profiled");
            @SuppressWarnings("unchecked")
            Map<String, Object> prof = (Map<String, Object>) browser.driver().executeCdpCommand("Profiler.stop", Map.of()).get("profile");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> nodes = (List<Map<String, Object>>) prof.get("nodes");
            Map<Object, String> name = new java.util.HashMap<>();
            for (Map<String, Object> n : nodes) {
                @SuppressWarnings("unchecked")
                Map<String, Object> cf = (Map<String, Object>) n.get("callFrame");
                String url = String.valueOf(cf.get("url"));
                name.put(n.get("id"), cf.get("functionName") + " " + url.substring(url.lastIndexOf('/') + 1) + ":" + cf.get("lineNumber") + ":" + cf.get("columnNumber"));
            }
            Map<String, Long> self = new java.util.HashMap<>();
            @SuppressWarnings("unchecked")
            List<Object> samples = (List<Object>) prof.get("samples");
            for (Object sample : samples) {
                self.merge(name.get(sample), 1L, Long::sum);
            }
            self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(40)
                    .forEach(e -> System.out.println("[profile] " + e.getValue() * 0.2 + " ms " + e.getKey()));
        }
        System.out.println("[flood page] " + snapshot.get("endpoints").size() + " endpoints in the snapshot; the page open (history in the ladder"
                + " and the log, endpoint counts, state diagram) after " + cold[0] + " ms (first open), " + warm[0] + " ms (opened again);"
                + " the six flood charts below drawn by " + cold[1] + " ms and " + warm[1] + " ms; measured, not asserted: the machine is shared");
        @SuppressWarnings("unchecked")
        List<String> requests = (List<String>) browser.driver().executeScript(
                "return performance.getEntriesByType('resource').map(r => r.name).filter(n => n.includes('/history/all'));");
        System.out.println("[flood page] history requests: " + requests.size() + "; events on the page: "
                + browser.byTestId("filter-status").getAttribute("data-total"));
        assertThat(requests).as("the history in one request").hasSize(1);

        // No table of every endpoint: counts per state (the server's, over all of them) and one state listed a page at a time.
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='endpoint-states']"))).isEmpty();
        JsonNode states = snapshot.get("states");
        for (var state : states.properties()) {
            assertThat(browser.byTestId("endpoint-count-" + state.getKey()).getAttribute("data-count"))
                    .as(state.getKey()).isEqualTo(state.getValue().asString());
        }
        String busiest = null;
        for (var state : states.properties()) {
            if (busiest == null || state.getValue().asInt() > states.get(busiest).asInt()) {
                busiest = state.getKey();
            }
        }
        browser.byTestId("endpoint-list-" + busiest).click();
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='endpoint-drill-item']"))).hasSize(20);
        assertThat(browser.byTestId("endpoint-drill-range").getText()).startsWith(busiest + ": 1–20 of ");
        browser.byTestId("endpoint-drill-next").click();
        assertThat(browser.byTestId("endpoint-drill-range").getText()).startsWith(busiest + ": 21–40 of ");
        // The state diagram stays beside the counts.
        assertThat(browser.byTestId("state-diagram").isDisplayed()).isTrue();
        browser.scrollTo("endpoint-summary");
        browser.screenshot("flood-session-1-summary");

        // The charts: the bucket width stated, each axis titled with its unit, SYNs in apart from the answers, legitimate clients apart.
        assertThat(browser.byTestId("flood-bucket").getText()).contains("100 ms");
        for (String chart : List.of("flood-queues", "flood-rates", "flood-answers", "flood-legit", "flood-latency", "flood-memory")) {
            org.openqa.selenium.WebElement figure = browser.byTestId(chart);
            String yTitle = figure.getAttribute("data-y-title");
            assertThat(browser.byTestId(chart + "-axes").getText()).contains("x: virtual time (s)").contains("y: " + yTitle);
            browser.await().until(d -> figure.findElements(By.cssSelector(".recharts-label")).stream()
                    .map(org.openqa.selenium.WebElement::getText).toList().containsAll(List.of("virtual time (s)", yTitle)));
        }
        assertThat(browser.byTestId("flood-legit").getText()).contains("not the spoofed sources");
        // The flood form starts from the recipe the template's instructions give.
        assertThat(List.of("flood-syns", "flood-ratePerSecond", "flood-cidr", "flood-startMillis", "flood-durationMillis", "flood-clients", "flood-clientRate"))
                .extracting(t -> browser.byTestId(t).getDomProperty("value"))
                .containsExactly("100000", "10000", "198.51.100.0/24", "1000", "30000", "300", "10");
        browser.scrollTo("flood");
        browser.screenshot("flood-session-3-charts");

        // The cookie inspector only on a SYN-ACK that carries a cookie: the quick filter finds them.
        JsonNode issued = api.get("/api/v1/sessions/" + id + "/history?kind=cookie-issued&size=1", 200).get("items").get(0);
        JsonNode cookieSynAck = api.get("/api/v1/sessions/" + id + "/history?kind=segment-sent&host=server&size=1&connection="
                + issued.get("connection").asString(), 200).get("items").get(0);
        browser.byTestId("filter-quick-cookie").click();
        browser.waitFor(By.cssSelector("[data-testid='ladder-segment-" + cookieSynAck.get("index").asLong() + "']"));
        List<org.openqa.selenium.WebElement> cookieArrows = browser.driver().findElements(By.cssSelector("[data-testid^='ladder-segment-']"));
        assertThat(cookieArrows).isNotEmpty().allMatch(a -> a.getAttribute("data-letters").equals("S.") && a.getAttribute("data-sender").equals("server"));
        browser.byTestId("ladder-segment-" + cookieSynAck.get("index").asLong()).click();
        browser.byTestId("cookie-open");
        browser.byTestId("filter-clear").click();
        // A legitimate client that came before the queue filled got an ordinary SYN-ACK: no cookie to open.
        JsonNode first = api.get("/api/v1/sessions/" + id + "/history?kind=segment-sent&host=server&size=1", 200).get("items").get(0);
        assertThat(first.get("index").asLong()).isLessThan(issued.get("index").asLong());
        browser.type("filter-input", "tcp.seq == " + first.get("segment").get("seq").asLong() + " && tcp.flags.syn && tcp.flags.ack");
        browser.waitFor(By.cssSelector("[data-testid='ladder-segment-" + first.get("index").asLong() + "']")).click();
        browser.byTestId("cookie-none");
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='cookie-open'], [data-testid='cookie-panel']"))).isEmpty();
        browser.screenshot("flood-session-2-no-cookie");
        if (Axe.available()) {
            assertThat(Axe.seriousViolations(browser)).as("axe-core on a flood session").isEmpty();
        }
    }

    /**
     * Opens the session's page afresh (a reload, so the page's clock starts at the navigation) and
     * returns when, after the navigation started, the page was open (its history drawn in the
     * ladder and the log, the snapshot's endpoint counts beside the state diagram) and when the
     * last flood chart was drawn (they are drawn as they come into view or when the browser is
     * idle), from the page's own marks. Prints the marks and every request with its start and
     * duration, to see where the time went.
     */
    private long[] openAndMeasure(String id, String label) {
        browser.open("http://127.0.0.1:" + port + "/#/sessions/" + id);
        browser.driver().navigate().refresh();
        browser.waitFor(By.cssSelector("[data-testid='ladder']"));
        browser.waitFor(By.cssSelector("[data-testid='flood']"));
        browser.waitFor(By.cssSelector("[data-testid='endpoint-summary']"));
        String marks = "const first = n => { const e = performance.getEntriesByName(n); return e.length ? Math.round(e[0].startTime) : null; };";
        browser.await().until(d -> browser.driver().executeScript(marks
                + "return first('lab:events-drawn') !== null && first('lab:snapshot') !== null && first('lab:flood-charts-drawn') !== null;")
                .equals(Boolean.TRUE));
        long open = ((Number) browser.driver().executeScript(marks
                + "return Math.max(first('lab:events-drawn'), first('lab:snapshot'));")).longValue();
        long charts = ((Number) browser.driver().executeScript(marks + "return first('lab:flood-charts-drawn');")).longValue();
        System.out.println("[flood page, " + label + "] marks: " + browser.driver().executeScript(
                "return performance.getEntriesByType('mark').map(m => m.name + ' ' + Math.round(m.startTime)).join(', ');"));
        System.out.println("[flood page, " + label + "] requests (start ms, duration ms, url):\n" + browser.driver().executeScript(
                "return performance.getEntriesByType('resource').map(r => Math.round(r.startTime) + ' +' + Math.round(r.duration) + ' '"
                        + " + r.name.replace(location.origin, '')).join('\\n');"));
        return new long[] {open, charts};
    }
}
