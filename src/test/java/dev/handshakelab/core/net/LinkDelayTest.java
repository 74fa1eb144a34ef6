package dev.handshakelab.core.net;

import static dev.handshakelab.core.net.Segments.fromClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handshakelab.core.wire.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** netem's {@code delay TIME JITTER}: uniform in [TIME − JITTER, TIME + JITTER], here from the session seed. */
class LinkDelayTest {

    @Test
    void withoutJitterEveryDatagramWaitsExactlyTheLatency() {
        LinkDelay link = new LinkDelay("link", 600_000, 0, 1);
        for (int i = 0; i < 10; i++) {
            assertThat(link.inspect(fromClient(TcpFlags.SYN, i, 0), i)).isEqualTo(Verdict.delay(600_000));
        }
    }

    @Test
    void jitterStaysWithinLatencyPlusMinusJitter_andIsReproducibleFromTheSeed() {
        List<Long> a = delays(9);
        assertThat(a).isEqualTo(delays(9)).isNotEqualTo(delays(10));
        assertThat(a).allSatisfy(d -> assertThat(d).isBetween(40_000L, 60_000L));
        assertThat(a.stream().distinct().count()).isGreaterThan(50);
    }

    @Test
    void jitterLargerThanTheLatencyIsRefused() {
        assertThatThrownBy(() -> new LinkDelay("link", 10_000, 20_000, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Long> delays(long seed) {
        LinkDelay link = new LinkDelay("link", 50_000, 10_000, seed);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(((Verdict.Delay) link.inspect(fromClient(TcpFlags.SYN, i, 0), 0)).delayMicros());
        }
        return out;
    }
}
