package dev.handshakelab.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;

import dev.handshakelab.support.Browser;

/**
 * axe-core (the npm package the front end installs as a dev dependency) run inside the page the
 * browser shows: its script is injected through WebDriver, then {@code axe.run} checks the whole
 * document against WCAG 2.x A/AA. Only critical and serious violations are returned: those are
 * the ones issue 16 says must never ship.
 */
final class Axe {

    private static final Path SCRIPT = Path.of("frontend", "node_modules", "axe-core", "axe.min.js");

    private Axe() {
    }

    /** Whether the npm install left axe-core where the tests read it. */
    static boolean available() {
        return Files.isReadable(SCRIPT);
    }

    /** Each critical or serious violation as "rule (impact): help — the elements it names". */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(Browser browser) {
        JavascriptExecutor js = browser.driver();
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe !== 'undefined';"))) {
            try {
                js.executeScript(Files.readString(SCRIPT));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Object found = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                                   resultTypes: ['violations']})
                  .then(r => done(r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
                    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 160) + ' :: ' + n.failureSummary)}))))
                  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
                """);
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) found) {
            Map<String, Object> v = (Map<String, Object>) o;
            out.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " — " + v.get("nodes"));
        }
        return out;
    }
}
