package dev.handshakelab.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The decoder's and the SYN-ACK builder's option list: a list like List.of's, without its copy. */
class OptionListTest {

    private static final TcpOption[] SYN_ACK = {new TcpOption.MaxSegmentSize(1460), TcpOption.SACK_PERMITTED,
            new TcpOption.Timestamps(5, 100), TcpOption.NOP, TcpOption.WindowScale.of(7)};

    @Test
    void equalsAndHashesLikeTheSameOptionsInAnyOtherList() {
        OptionList options = OptionList.adopt(SYN_ACK.clone());
        assertThat(options).isEqualTo(List.of(SYN_ACK)).hasSameHashCodeAs(List.of(SYN_ACK));
        assertThat(List.of(SYN_ACK)).isEqualTo(options);
        assertThat(options).containsExactly(SYN_ACK);
        assertThat(options.toString()).isEqualTo(List.of(SYN_ACK).toString());
    }

    @Test
    void aSegmentKeepsItUncopiedAndEqualToTheSameSegmentBuiltFromList() {
        OptionList options = OptionList.adopt(SYN_ACK.clone());
        TcpSegment adopted = new TcpSegment(80, 40000, new SeqNum(1), new SeqNum(2), TcpFlags.SYN_ACK, 65160, 0, options, Bytes.EMPTY);
        TcpSegment copied = new TcpSegment(80, 40000, new SeqNum(1), new SeqNum(2), TcpFlags.SYN_ACK, 65160, 0, List.of(SYN_ACK), Bytes.EMPTY);
        assertThat(adopted.options()).isSameAs(options);
        assertThat(adopted).isEqualTo(copied).hasSameHashCodeAs(copied);
        assertThat(SegmentCodec.encodeTcp(adopted, Ipv4Address.of(10, 0, 0, 2), Ipv4Address.of(10, 0, 0, 1)))
                .isEqualTo(SegmentCodec.encodeTcp(copied, Ipv4Address.of(10, 0, 0, 2), Ipv4Address.of(10, 0, 0, 1)));
    }

    @Test
    void rejectsChangesAndMissingOptions() {
        OptionList options = OptionList.adopt(SYN_ACK.clone());
        assertThatThrownBy(() -> options.add(TcpOption.NOP)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.set(0, TcpOption.NOP)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> OptionList.adopt(new TcpOption[] {TcpOption.NOP, null})).isInstanceOf(NullPointerException.class);
    }

    @Test
    void iteratesInOrderAndThenEnds() {
        Iterator<TcpOption> it = OptionList.adopt(SYN_ACK.clone()).iterator();
        List<TcpOption> seen = new ArrayList<>();
        while (it.hasNext()) {
            seen.add(it.next());
        }
        assertThat(seen).containsExactly(SYN_ACK);
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
    }

    /** The decoder states the options' bytes rather than summing them: what it states is the sum. */
    @Test
    void theDecodersWireBytesAreTheOptionsOwn() {
        List<List<TcpOption>> cases = List.of(List.of(SYN_ACK), List.of(new TcpOption.MaxSegmentSize(536), TcpOption.EOL),
                List.of(TcpOption.NOP, TcpOption.EOL, new TcpOption.Padding(Bytes.of(new byte[] {1, 0, 2}))),
                List.of(new TcpOption.MaxSegmentSize(536), new TcpOption.Unparsed(Bytes.of(new byte[] {8, 10}))),
                List.of(TcpOption.NOP, TcpOption.NOP, TcpOption.NOP));
        for (List<TcpOption> options : cases) {
            TcpSegment s = new TcpSegment(40000, 80, new SeqNum(1), new SeqNum(0), TcpFlags.SYN_ONLY, 1024, 0, options, Bytes.EMPTY);
            byte[] bytes = SegmentCodec.encodeTcp(s, Ipv4Address.of(10, 0, 0, 1), Ipv4Address.of(10, 0, 0, 2));
            List<TcpOption> decoded = SegmentCodec.decodeTcp(bytes, Ipv4Address.of(10, 0, 0, 1), Ipv4Address.of(10, 0, 0, 2))
                    .segment().options();
            int sum = decoded.stream().mapToInt(TcpOption::wireLength).sum();
            assertThat(((OptionList) decoded).wireBytes()).as("%s read back as %s", options, decoded).isEqualTo(sum);
        }
    }

    @Test
    void theDecoderHandsOverItsArray() {
        byte[] synAck = java.util.HexFormat.of().parseHex("00509c408b1bf7d2000003e9a012fe88f1320000020405b40402080a5b5bc5690000000501030307");
        DecodedSegment d = SegmentCodec.decodeTcp(synAck, Ipv4Address.of(10, 0, 0, 2), Ipv4Address.of(10, 0, 0, 1));
        assertThat(d.segment().options()).isInstanceOf(OptionList.class)
                .containsExactly(new TcpOption.MaxSegmentSize(1460), TcpOption.SACK_PERMITTED,
                        new TcpOption.Timestamps(0x5b5bc569L, 5), TcpOption.NOP, TcpOption.WindowScale.of(7));
    }
}
