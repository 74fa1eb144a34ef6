package dev.handshakelab.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every differential scenario, in a fixed order. */
final class Scenarios {

    private Scenarios() {}

    /**
     * Conformance scripts left out, with why: the kernel runs on real time, and the whole harness
     * should take about two minutes.
     */
    static final java.util.Map<String, String> LEFT_OUT = java.util.Map.of(
            "packetdrill/synack-retransmit-schedule", "waits 64 s of real time; synack/retries-1 and retries-2 check the same schedule in 4 s");

    static List<Scenario> all() {
        List<Scenario> out = new ArrayList<>();
        for (Scenario s : scripts("/packetdrill", "packetdrill/")) {
            if (!LEFT_OUT.containsKey(s.name())) {
                out.add(s);
            }
        }
        out.addAll(Families.all());
        return out;
    }

    /** The .pkt scripts of a test-resource folder, sorted by name. */
    static List<Scenario> scripts(String folder, String prefix) {
        URL url = Scenarios.class.getResource(folder);
        if (url == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Scenario> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".pkt")).sorted().toList()) {
                String name = p.getFileName().toString().replace(".pkt", "");
                out.add(Scenario.ofScript(prefix + name, "src/test/resources" + folder + "/" + p.getFileName(), Files.readString(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
