package dev.handshakelab.pcapin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.handshakelab.web.BudgetExceededException;
import dev.handshakelab.web.InvalidRequestException;

/**
 * Whatever bytes arrive, reading a capture and replaying its flows either works or ends in the
 * one exception the API turns into a 4xx problem: a {@link CaptureFileException} for the file,
 * an {@link InvalidRequestException} for a flow that cannot be replayed. Mutations of real
 * captures (bytes overwritten, cut, inserted) and plain garbage.
 */
class CaptureMutationProperties {

    static final List<byte[]> SEEDS = List.of(RealLinuxCaptureTest.resource("linux-veth.pcap"),
            RealLinuxCaptureTest.resource("linux-loopback-any.pcapng"));
    static final CaptureImport CAPTURES = RealLinuxCaptureTest.captures();

    @Property(tries = 3000)
    void anyMutation_readsOrIsRefusedNamingRecordAndByte(@ForAll("mutated") byte[] file) {
        FlowListing listing;
        try {
            listing = CAPTURES.flows(file, null);
        } catch (CaptureFileException e) {
            assertThat(e.record()).isBetween(0, file.length);
            assertThat(e.offset()).isBetween(0L, (long) file.length);
            assertThat(e.rule()).isNotBlank();
            return;
        }
        for (FlowListing.CapturedFlow flow : listing.flows()) {
            for (String profile : List.of("linux", "classic")) {
                try {
                    ReplayReport report = CAPTURES.replay(file, null, flow.id(), profile, null, true);
                    assertThat(report.compared()).isGreaterThanOrEqualTo(report.differing());
                } catch (InvalidRequestException | BudgetExceededException e) {
                    assertThat(flow.replayable() && e instanceof InvalidRequestException).isFalse();
                }
            }
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        Arbitrary<byte[]> overwritten = Combinators.combine(seed, Arbitraries.integers().between(0, 1075),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8)).as((s, at, bytes) -> {
                    byte[] f = s.clone();
                    for (int i = 0; i < bytes.length; i++) {
                        f[(at + i) % f.length] = bytes[i];
                    }
                    return f;
                });
        Arbitrary<byte[]> cut = Combinators.combine(seed, Arbitraries.integers().between(0, 1075))
                .as((s, at) -> Arrays.copyOf(s, at % (s.length + 1)));
        Arbitrary<byte[]> inserted = Combinators.combine(seed, Arbitraries.integers().between(0, 1075),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16)).as((s, at, bytes) -> {
                    int p = at % s.length;
                    byte[] f = new byte[s.length + bytes.length];
                    System.arraycopy(s, 0, f, 0, p);
                    System.arraycopy(bytes, 0, f, p, bytes.length);
                    System.arraycopy(s, p, f, p + bytes.length, s.length - p);
                    return f;
                });
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        // garbage behind a valid magic number gets past the first check
        Arbitrary<byte[]> garbageWithMagic = Combinators.combine(Arbitraries.of(
                new byte[] {(byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4}, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1},
                new byte[] {0x0a, 0x0d, 0x0d, 0x0a}), garbage).as((m, g) -> CaptureFormatsTest.concat(m, g));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, overwritten), net.jqwik.api.Tuple.of(2, cut), net.jqwik.api.Tuple.of(2, inserted),
                net.jqwik.api.Tuple.of(1, garbage), net.jqwik.api.Tuple.of(2, garbageWithMagic));
    }
}
