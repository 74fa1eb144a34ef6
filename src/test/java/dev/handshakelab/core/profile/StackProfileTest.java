package dev.handshakelab.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Profile knobs: reference §3.11 defaults for `linux`, and validation naming knob and range. */
class StackProfileTest {

    @Test
    void linuxProfileHasStockSysctls() {
        StackProfile p = StackProfile.linux();
        assertThat(p.advertisedMss(false)).isEqualTo(1460);
        assertThat(p.advertisedMss(true)).isEqualTo(1440);
        assertThat(p.syncookies()).isEqualTo(1);
        assertThat(p.synackRetries()).isEqualTo(5);
        assertThat(p.synRetries()).isEqualTo(6);
        assertThat(p.maxAckBacklog()).isEqualTo(4096);
        assertThat(p.abortOnOverflow()).isFalse();
        assertThat(p.initialRtoMillis()).isEqualTo(1000);
        assertThat(p.maxRtoMillis()).isEqualTo(120_000);
    }

    /** listen(fd, N): sk_max_ack_backlog = min(N, somaxconn). */
    @Test
    void backlogIsCappedBySomaxconn() {
        assertThat(StackProfile.linux().withBacklog(10_000).maxAckBacklog()).isEqualTo(4096);
        assertThat(StackProfile.linux().withBacklog(10_000).withSomaxconn(128).maxAckBacklog()).isEqualTo(128);
    }

    @Test
    void classicProfileUsesRfc1122InitialRto() {
        assertThat(StackProfile.classic().initialRtoMillis()).isEqualTo(3000);
        assertThat(StackProfile.named("classic").name()).isEqualTo("classic");
        assertThat(StackProfile.named("rfc9293").syncookies()).isZero();
    }

    @Test
    void invalidKnobThrowsNamingKnobAndRange() {
        assertThatThrownBy(() -> StackProfile.linux().withSyncookies(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("syncookies must be between 0 and 2; got 3");
        assertThatThrownBy(() -> StackProfile.linux().withMtu(20))
                .hasMessage("mtu must be between 68 and 65535; got 20");
        assertThatThrownBy(() -> StackProfile.linux().withTcpRmem(4096, 1000, 6291456))
                .hasMessageStartingWith("tcpRmem[1] must be between 4096 and");
        assertThatThrownBy(() -> StackProfile.named("bsd")).hasMessageContaining("linux, rfc9293, classic");
    }

    @Test
    void knobsUseTheHttpContractNames() {
        assertThat(StackProfile.linux().knobs()).containsKeys("mtu", "timestamps", "sack", "windowScaling", "syncookies",
                "synackRetries", "synRetries", "backlog", "somaxconn", "abortOnOverflow", "initialRtoMillis", "tcpRmem");
    }
}
