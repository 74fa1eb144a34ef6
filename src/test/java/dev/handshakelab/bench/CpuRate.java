package dev.handshakelab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operations per second of the benchmark thread's own CPU time, printed after each iteration.
 * On a machine shared with other work, JMH's score (operations per wall-clock second) falls
 * with every neighbour; this figure is what one core does while it runs the benchmark, the "per
 * core" of the targets. A benchmark counts its operations with {@link #op()}.
 */
@State(Scope.Thread)
public class CpuRate {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long ops;
    private long cpuAtStart;

    @Setup(Level.Iteration)
    public void start() {
        ops = 0;
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    public void op() {
        ops++;
    }

    @TearDown(Level.Iteration)
    public void report() {
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
        System.out.printf("  [%,.0f ops per CPU-second over %.1f s of CPU]%n", ops * 1e9 / cpu, cpu / 1e9);
    }
}
