package dev.handshakelab.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.wire.IpAddress;
import org.junit.jupiter.api.Test;

/** RFC 6528 §3: ISN = M + F(4-tuple, secret), M a 4 µs timer; F keyed by the session seed. */
class InitialSequenceNumbersTest {

    private static final IpAddress A = IpAddress.parse("10.0.0.1");
    private static final IpAddress B = IpAddress.parse("10.0.0.2");

    @Test
    void isnAdvancesOneTickEveryFourMicroseconds() {
        InitialSequenceNumbers isns = new InitialSequenceNumbers(1);
        int t0 = isns.isn(1_000_000, A, 40000, B, 80);
        assertThat(isns.isn(1_000_004, A, 40000, B, 80) - t0).isEqualTo(1);
        assertThat(isns.isn(2_000_000, A, 40000, B, 80) - t0).isEqualTo(250_000);
    }

    @Test
    void isnDependsOnTheFourTupleAndTheSecret() {
        InitialSequenceNumbers isns = new InitialSequenceNumbers(1);
        int base = isns.isn(0, A, 40000, B, 80);
        assertThat(isns.isn(0, A, 40001, B, 80)).isNotEqualTo(base);
        assertThat(isns.isn(0, B, 40000, A, 80)).isNotEqualTo(base);
        assertThat(new InitialSequenceNumbers(2).isn(0, A, 40000, B, 80)).isNotEqualTo(base);
        assertThat(new InitialSequenceNumbers(1).isn(0, A, 40000, B, 80)).isEqualTo(base);
    }

    /**
     * secure_tcp_seq_and_ts_off (Linux 6.x): the offset is the high half of the 4-tuple's hash,
     * so two connections between the same addresses get unrelated offsets (6.18 sends SYN-ACKs
     * to two ports of one client with unrelated TSvals); it does not move with time.
     */
    @Test
    void tsOffsetIsPerConnection() {
        InitialSequenceNumbers isns = new InitialSequenceNumbers(1);
        int off = isns.tsOffset(A, 80, B, 40000);
        assertThat(isns.tsOffset(A, 80, B, 40000)).isEqualTo(off);
        assertThat(isns.tsOffset(A, 80, B, 40001)).isNotEqualTo(off);
        assertThat(isns.tsOffset(A, 81, B, 40000)).isNotEqualTo(off);
        assertThat(isns.tsOffset(B, 80, A, 40000)).isNotEqualTo(off);
        assertThat(new InitialSequenceNumbers(3).tsOffset(A, 80, B, 40000)).isNotEqualTo(off);
        // one hash, two halves: the ISN's F is the low half, not the same bits again
        assertThat(isns.isn(0, A, 80, B, 40000)).isNotEqualTo(off);
    }

    /**
     * The last tuple's hash is remembered (a passive open asks for it three times): a run of
     * calls that switches between tuples differing in one field only gives each tuple what a
     * fresh instance gives it.
     */
    @Test
    void aRememberedHashIsReturnedOnlyForItsOwnTuple() {
        InitialSequenceNumbers isns = new InitialSequenceNumbers(1);
        IpAddress c = IpAddress.parse("10.0.0.3");
        Object[][] tuples = {{A, 80, B, 40000}, {A, 80, B, 40000}, {A, 80, c, 40000}, {A, 80, B, 40001},
                {A, 81, B, 40000}, {B, 80, A, 40000}, {A, 80, B, 40000}, {c, 80, B, 40000}, {A, 80, B, 40000}};
        for (Object[] t : tuples) {
            IpAddress src = (IpAddress) t[0];
            int srcPort = (int) t[1];
            IpAddress dst = (IpAddress) t[2];
            int dstPort = (int) t[3];
            InitialSequenceNumbers fresh = new InitialSequenceNumbers(1);
            assertThat(isns.tsOffset(src, srcPort, dst, dstPort)).as("%s", java.util.Arrays.toString(t))
                    .isEqualTo(fresh.tsOffset(src, srcPort, dst, dstPort));
            assertThat(isns.isn(1234, src, srcPort, dst, dstPort)).as("%s", java.util.Arrays.toString(t))
                    .isEqualTo(new InitialSequenceNumbers(1).isn(1234, src, srcPort, dst, dstPort));
        }
    }

    /**
     * SipHash-2-4 reference vector from the paper's Appendix A test-vector set: key 00..0f and
     * message 00..0f (16 bytes) → bytes db 9b c2 57 7f cc 2a 3f (vectors_sip64[16]), i.e. the little-endian word 0x3f2acc7f57c29bdb.
     */
    @Test
    void sipHashMatchesPublishedVectorFor16ByteMessage() {
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        long m0 = 0x0706050403020100L;
        long m1 = 0x0f0e0d0c0b0a0908L;
        assertThat(Long.toHexString(SipHash.hash(k0, k1, m0, m1))).isEqualTo("3f2acc7f57c29bdb");
    }
}
