package dev.handshakelab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.StackProfile;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kernel-differential harness (issue 18, in the spirit of gVisor's packetimpact): every
 * {@link Scenarios scenario} runs against the simulated linux server and against the machine's
 * own kernel in a private network namespace behind a TUN device, and what the two sent is
 * compared (see {@link Trace} for what "the same" means, and src/test/resources/kernel/README.md).
 *
 * <p>It needs root, {@code /dev/net/tun}, {@code python3} and {@code ip}; where one is missing
 * every scenario is skipped with a message naming it. Scenarios where the simulation is known to
 * differ are listed in {@link KnownDifferences} with the reason; they must still differ, so the
 * list cannot go stale silently.
 */
class KernelDifferentialTest {

    private static KernelPeer peer;
    private static String missing;
    /** Why IPv6 scenarios cannot run though IPv4 ones can (a kernel without IPv6), else null. */
    private static String missingIpv6;
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final AtomicInteger MATCHED = new AtomicInteger();
    private static final AtomicInteger KNOWN = new AtomicInteger();
    private static final AtomicInteger RUN_V6 = new AtomicInteger();
    private static final AtomicInteger MATCHED_V6 = new AtomicInteger();

    @BeforeAll
    static void startKernelPeer() {
        missing = Environment.missing();
        if (missing != null) {
            return;
        }
        try {
            peer = KernelPeer.start();
            // a namespace with a TUN device can be made here (a container may forbid it)
            try (KernelStack probe = new KernelStack(peer)) {
                probe.start(Scenario.ofScript("probe", "", ""));
            }
            try (KernelStack probe = new KernelStack(peer)) {
                probe.start(Scenario.ofScript("probe", "", "").overIpv6());
            } catch (RuntimeException e) {
                missingIpv6 = "the kernel peer could not bring a TUN device up with IPv6: " + e.getMessage();
            }
        } catch (IOException | RuntimeException e) {
            missing = "the kernel peer could not make a network namespace with a TUN device: " + e.getMessage();
            if (peer != null) {
                peer.close();
                peer = null;
            }
        }
    }

    @AfterAll
    static void stopKernelPeer() {
        if (peer != null) {
            peer.close();
        }
        if (RUN.get() > 0) {
            System.out.printf("[kernel-diff] %d scenarios against Linux %s: %d match, %d known differences"
                            + " (IPv4 %d scenarios, %d match; IPv6 %d scenarios, %d match)%n",
                    RUN.get(), System.getProperty("os.version"), MATCHED.get(), KNOWN.get(),
                    RUN.get() - RUN_V6.get(), MATCHED.get() - MATCHED_V6.get(), RUN_V6.get(), MATCHED_V6.get());
        }
    }

    /**
     * The simulated side's profile: stock linux, with what a network namespace cannot change
     * taken from the machine ({@code net.core.rmem_max} is global, not per namespace).
     */
    static StackProfile simulatedProfile() {
        StackProfile linux = StackProfile.linux();
        Integer rmemMax = Environment.hostSysctl("net/core/rmem_max");
        return rmemMax == null ? linux : linux.withRmemMax(rmemMax);
    }

    /** The linux profile's knobs as sysctls, set in every namespace before the scenario's own. */
    static Map<String, String> baseline() {
        StackProfile p = StackProfile.linux();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("net.ipv4.tcp_rmem", p.tcpRmemMin() + " " + p.tcpRmemDefault() + " " + p.tcpRmemMax());
        m.put("net.ipv4.tcp_timestamps", p.timestamps() ? "1" : "0");
        m.put("net.ipv4.tcp_sack", p.sack() ? "1" : "0");
        m.put("net.ipv4.tcp_window_scaling", p.windowScaling() ? "1" : "0");
        m.put("net.ipv4.tcp_syncookies", Integer.toString(p.syncookies()));
        m.put("net.ipv4.tcp_synack_retries", Integer.toString(p.synackRetries()));
        m.put("net.ipv4.tcp_syn_retries", Integer.toString(p.synRetries()));
        m.put("net.ipv4.tcp_max_syn_backlog", Integer.toString(p.maxSynBacklog()));
        m.put("net.ipv4.tcp_abort_on_overflow", p.abortOnOverflow() ? "1" : "0");
        m.put("net.ipv4.tcp_min_snd_mss", Integer.toString(p.minSndMss()));
        m.put("net.core.somaxconn", Integer.toString(p.somaxconn()));
        m.put("net.ipv4.tcp_fastopen", Integer.toString(p.tcpFastopen()));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> simulatedServerAnswersAsTheKernelDoes() {
        Assumptions.assumeTrue(missing == null, () -> "kernel-differential scenarios skipped: " + missing);
        List<Scenario> all = Scenarios.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(60);
        assertThat(all.stream().filter(Scenario::ipv6)).hasSizeGreaterThanOrEqualTo(25);
        // -Dkernel.scenarios=v6/ runs only the scenarios whose names start with it (for working on a few)
        String only = System.getProperty("kernel.scenarios", "");
        all = all.stream().filter(s -> s.name().startsWith(only)).toList();
        return all.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> check(s)));
    }

    private static void check(Scenario scenario) {
        Assumptions.assumeTrue(!scenario.ipv6() || missingIpv6 == null, () -> scenario.name() + " skipped: " + missingIpv6);
        Trace simulated = DifferentialRunner.run(scenario, new SimulatedStack(simulatedProfile(), 1));
        Trace kernel;
        if (!peer.usable()) {
            // an earlier scenario broke it: a fresh one, so that one failure stays one
            peer.close();
            try {
                peer = KernelPeer.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (KernelStack k = new KernelStack(peer)) {
            baseline().forEach(k::sysctl);
            kernel = DifferentialRunner.run(scenario, k);
        }
        assertThat(kernel.unsupported()).as("the kernel ran " + scenario.name()).isNull();
        List<String> diffs = simulated.unsupported() != null ? List.of("the simulated server cannot run it: " + simulated.unsupported())
                : Trace.differences(simulated, kernel);
        String report = scenario.name() + " (" + scenario.origin() + ")\n" + String.join("\n", diffs) + "\n"
                + simulated.listing() + kernel.listing();
        RUN.incrementAndGet();
        if (scenario.ipv6()) {
            RUN_V6.incrementAndGet();
        }
        String known = KnownDifferences.reason(scenario.name());
        if (known != null) {
            KNOWN.incrementAndGet();
            System.out.println("[kernel-diff] known difference: " + known + "\n" + report);
            assertThat(diffs).as("%s is listed as a known difference (%s) but now matches the kernel: remove it from KnownDifferences",
                    scenario.name(), known).isNotEmpty();
            return;
        }
        assertThat(diffs).as("the simulated server and the kernel differ on %s", report).isEmpty();
        MATCHED.incrementAndGet();
        if (scenario.ipv6()) {
            MATCHED_V6.incrementAndGet();
        }
    }

    /** What the harness needs from the machine. */
    static final class Environment {
        private Environment() {}

        /** Null when everything is there, else what is missing, in words. */
        static String missing() {
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
                return "not Linux";
            }
            if (!isRoot()) {
                return "not running as root (network namespaces and TUN devices need CAP_SYS_ADMIN and CAP_NET_ADMIN)";
            }
            if (!Files.exists(Path.of("/dev/net/tun"))) {
                return "/dev/net/tun does not exist";
            }
            for (String tool : List.of("python3", "ip")) {
                if (!onPath(tool)) {
                    return tool + " is not on the PATH";
                }
            }
            return null;
        }

        private static boolean isRoot() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        return line.split("\\s+")[2].equals("0"); // the effective uid
                    }
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        }

        private static boolean onPath(String tool) {
            String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                    return true;
                }
            }
            return false;
        }

        static Integer hostSysctl(String path) {
            // read as a stream: procfs reports a size that Files.readString trusts and cuts the value short
            try (java.io.BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys", path))) {
                String line = r.readLine();
                return line == null ? null : Integer.parseInt(line.strip());
            } catch (IOException | NumberFormatException e) {
                return null;
            }
        }
    }
}
