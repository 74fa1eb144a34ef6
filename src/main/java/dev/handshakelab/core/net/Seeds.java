package dev.handshakelab.core.net;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Each seeded middlebox gets its own random stream, from the session seed and its id. */
final class Seeds {

    private Seeds() {}

    /**
     * A generator for the middlebox called {@code name}: the session seed mixed with a hash of
     * the name (FNV-1a over its UTF-8 bytes, fixed for all time), so two boxes of one session draw
     * different numbers and the same session always draws the same ones.
     */
    static SplittableRandom forMiddlebox(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return new SplittableRandom(seed ^ h);
    }
}
