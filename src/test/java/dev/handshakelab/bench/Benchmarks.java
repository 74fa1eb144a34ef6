package dev.handshakelab.bench;

/**
 * Runs the JMH benchmarks of this package; arguments are JMH's own (a benchmark name pattern,
 * {@code -f 1 -wi 2 -i 3}…). Test classpath: build with {@code ./mvnw -q test-compile}, then
 * {@code java -cp target/test-classes:target/classes:<test classpath> dev.handshakelab.bench.Benchmarks SegmentCodecBenchmark}.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
