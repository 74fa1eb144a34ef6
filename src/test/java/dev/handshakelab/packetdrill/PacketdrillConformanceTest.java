package dev.handshakelab.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.StackProfile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The lab's own conformance suite: every script under {@code src/test/resources/packetdrill}
 * runs against the simulated linux server and must pass line by line. The scripts are written
 * for this project from the kernel's documented behaviour (reference notes, RFCs); they are not
 * copies of the kernel's selftests.
 */
class PacketdrillConformanceTest {

    @TestFactory
    Stream<DynamicTest> everyScriptPasses() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/packetdrill").toURI());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(dir)) {
            scripts = files.filter(p -> p.toString().endsWith(".pkt")).sorted().toList();
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(10);
        return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            RunResult r = ScriptRunner.run(ScriptParser.parse(Files.readString(p)), StackProfile.linux(), 1);
            assertThat(r.passed()).as(() -> describe(r)).isTrue();
            assertThat(r.lines()).as("every event line ran").noneMatch(l -> l.status() == LineResult.Status.NOT_RUN);
        }));
    }

    /**
     * Feeds a directory of someone else's scripts (the kernel's selftests, google/packetdrill's
     * tests) to the runner and prints what passes; it asserts nothing. Run it by hand with
     * {@code -Dpacketdrill.dir=/path/to/scripts}.
     */
    @Test
    void reportOnScriptsFromElsewhere() throws IOException {
        String dir = System.getProperty("packetdrill.dir");
        Assumptions.assumeTrue(dir != null, "set -Dpacketdrill.dir to run");
        int passed = 0;
        int total = 0;
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".pkt")).sorted().toList()) {
                total++;
                String verdict;
                try {
                    RunResult r = ScriptRunner.run(ScriptParser.parse(Files.readString(p, StandardCharsets.UTF_8)), StackProfile.linux(), 1);
                    if (r.passed()) {
                        passed++;
                        verdict = "PASS";
                    } else {
                        LineResult f = r.lines().stream().filter(LineResult::failed).findFirst().orElseThrow();
                        verdict = f.status() + " line " + f.line() + ": " + f.message() + (f.actual() == null ? "" : " | actual " + f.actual());
                    }
                } catch (ScriptException e) {
                    verdict = "REFUSED " + e.kind() + " " + e.getMessage();
                } catch (RuntimeException e) {
                    verdict = "CRASH " + e;
                }
                System.out.println("[packetdrill] " + p.getFileName() + ": " + verdict);
            }
        }
        System.out.println("[packetdrill] " + passed + " of " + total + " pass");
    }

    static String describe(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (LineResult l : r.lines()) {
            sb.append(String.format("%4d %-11s %s%n", l.line(), l.status(), l.text()));
            if (l.message() != null) {
                sb.append("            ").append(l.message()).append('\n');
            }
            if (l.failed() && l.actual() != null) {
                sb.append("            actual: ").append(l.actual()).append('\n');
            }
        }
        return sb.toString();
    }
}
