package dev.handshakelab.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.wire.IpAddress;
import org.junit.jupiter.api.Test;

/** Linux's cookie arithmetic (net/ipv4/syncookies.c), reference §3.7 and §3.4. */
class SynCookiesTest {

    private static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
    private static final IpAddress SERVER = IpAddress.parse("10.0.0.2");
    private final SynCookies cookies = new SynCookies(7);

    /** msstab {536, 1300, 1440, 1460}: rounded down, anything below 1300 (even below 536) is index 0. */
    @Test
    void mssIsRoundedDownToTheCookieTable() {
        assertThat(SynCookies.mssIndex(100)).isZero();
        assertThat(SynCookies.mssIndex(1299)).isZero();
        assertThat(SynCookies.mssIndex(1300)).isEqualTo(1);
        assertThat(SynCookies.mssIndex(1459)).isEqualTo(2);
        assertThat(SynCookies.mssIndex(1460)).isEqualTo(3);
        assertThat(SynCookies.mssIndex(9000)).isEqualTo(3);
    }

    /** cookie_v6_init_sequence's msstab {1220, 1420, 1440, 8940}: rounded down, anything below 1420 is index 0. */
    @Test
    void ipv6CookiesUseTheirOwnTable() {
        assertThat(SynCookies.mssIndex(536, true)).isZero();
        assertThat(SynCookies.mssOf(0, true)).isEqualTo(1220);
        assertThat(SynCookies.mssIndex(1419, true)).isZero();
        assertThat(SynCookies.mssIndex(1420, true)).isEqualTo(1);
        assertThat(SynCookies.mssIndex(1460, true)).as("the kernel's cookies for 1460 and 1000 differ by 2").isEqualTo(2);
        assertThat(SynCookies.mssIndex(8940, true)).isEqualTo(3);
        assertThat(SynCookies.mssTable(true)).containsExactly(1220, 1420, 1440, 8940);
        assertThat(SynCookies.mssIndex(1460, false)).isEqualTo(SynCookies.mssIndex(1460)).isEqualTo(3);
    }

    /** check_tcp_syn_cookie: the same 4-tuple and client ISN give back the MSS index for 2 minutes (MAX_SYNCOOKIE_AGE). */
    @Test
    void cookieDecodesToItsMssIndexWithinTwoMinutes() {
        long t = 30_000_000;
        for (int index = 0; index < 4; index++) {
            int cookie = cookies.cookie(t, CLIENT, SERVER, 40000, 80, 1000, index);
            assertThat(cookies.check(t, cookie, CLIENT, SERVER, 40000, 80, 1000)).isEqualTo(index);
            assertThat(cookies.check(t + 60_000_000, cookie, CLIENT, SERVER, 40000, 80, 1000)).isEqualTo(index);
            assertThat(cookies.check(t + 90_000_001, cookie, CLIENT, SERVER, 40000, 80, 1000)).isEqualTo(SynCookies.TOO_OLD);
        }
    }

    /** A different client ISN or port does not decode: the hash does not match. */
    @Test
    void forgedCookieIsRejected() {
        int cookie = cookies.cookie(0, CLIENT, SERVER, 40000, 80, 1000, 3);
        assertThat(cookies.check(0, cookie + (1 << 20), CLIENT, SERVER, 40000, 80, 1000)).isEqualTo(SynCookies.BAD_HASH);
        assertThat(cookies.check(0, cookie, CLIENT, SERVER, 40001, 80, 1000)).isNegative();
        assertThat(new SynCookies(8).check(0, cookie, CLIENT, SERVER, 40000, 80, 1000)).isNegative();
    }

    /** cookie_init_timestamp: options in the low 6 bits (wscale 0-3, SACK bit 4, ECN bit 5), never above the clock. */
    @Test
    void cookieTimestampCarriesClientOptionsInLowSixBits() {
        long now = 123_456;
        long ts = SynCookies.cookieTimestamp(now, true, 7, true, false);
        assertThat(ts & 0x3f).isEqualTo(0x17);
        assertThat(ts).isLessThanOrEqualTo(now).isGreaterThan(now - 128);
        assertThat(SynCookies.cookieTimestamp(now, false, 0, false, true) & 0x3f).isEqualTo(0x2f);
        SynCookies.TimestampOptions decoded = SynCookies.decodeTimestamp(ts);
        assertThat(decoded.wscaleOk()).isTrue();
        assertThat(decoded.peerShift()).isEqualTo(7);
        assertThat(decoded.sackOk()).isTrue();
        assertThat(decoded.ecnOk()).isFalse();
    }
}
