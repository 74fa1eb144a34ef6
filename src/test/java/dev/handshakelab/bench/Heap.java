package dev.handshakelab.bench;

/** The heap in use, for the benchmarks that measure what a structure of the core holds. */
final class Heap {

    private Heap() {}

    /** Heap in use after full collections: the smallest of five readings, so that late garbage does not count. */
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
