package dev.handshakelab.pcapin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv6Address;
import dev.handshakelab.core.wire.SegmentCodec;

/**
 * Every container and link type the reader accepts gives the same packets: the real veth
 * capture's datagrams rewritten into pcap of both byte orders and both resolutions, pcapng with
 * several interfaces, simple packet blocks and unknown blocks, and each link-layer header.
 */
class CaptureFormatsTest {

    /** The veth capture's frames: Ethernet, microsecond times. */
    static final List<CapturedFrame> VETH = CaptureFileReader.read(RealLinuxCaptureTest.resource("linux-veth.pcap"), 100).frames();

    static byte[] ip(CapturedFrame ethernet) {
        return Arrays.copyOfRange(ethernet.data(), 14, ethernet.data().length);
    }

    /** A classic pcap file of {@code frames} (link-layer bytes given by {@code frame}). */
    static byte[] pcap(ByteOrder order, boolean nanos, int linkType, Function<CapturedFrame, byte[]> frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? CaptureFileReader.PCAP_NANOS : CaptureFileReader.PCAP_MICROS).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        for (CapturedFrame f : VETH) {
            byte[] data = frame.apply(f);
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            r.putInt((int) (f.atNanos() / 1_000_000_000L)).putInt((int) (nanos ? f.atNanos() % 1_000_000_000L : f.atNanos() % 1_000_000_000L / 1000))
                    .putInt(data.length).putInt(data.length);
            out.writeBytes(r.array());
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    static byte[] block(ByteOrder order, int type, byte[] body) {
        int length = 12 + ((body.length + 3) & ~3);
        ByteBuffer b = ByteBuffer.allocate(length).order(order);
        b.putInt(type).putInt(length).put(body);
        b.putInt(length - 4, length);
        return b.array();
    }

    static byte[] shb(ByteOrder order) {
        return block(order, CaptureFileReader.PCAPNG_SHB, ByteBuffer.allocate(16).order(order)
                .putInt(CaptureFileReader.PCAPNG_BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1).array());
    }

    /** An interface description with if_tsresol (9: nanoseconds) and opt_endofopt. */
    static byte[] idb(ByteOrder order, int linkType, int tsresol) {
        return block(order, CaptureFileReader.BLOCK_IDB, ByteBuffer.allocate(20).order(order)
                .putShort((short) linkType).putShort((short) 0).putInt(0)
                .putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]).putInt(0).array());
    }

    static byte[] epb(ByteOrder order, int iface, long ticks, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(20 + ((data.length + 3) & ~3)).order(order);
        b.putInt(iface).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(data.length).putInt(data.length).put(data);
        return block(order, CaptureFileReader.BLOCK_EPB, b.array());
    }

    static byte[] spb(ByteOrder order, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + ((data.length + 3) & ~3)).order(order);
        b.putInt(data.length).put(data);
        return block(order, CaptureFileReader.BLOCK_SPB, b.array());
    }

    static List<String> flowsOf(byte[] file) {
        return RealLinuxCaptureTest.captures().flows(file, null).flows().stream()
                .map(f -> f.id() + " " + f.packets() + " " + f.durationMillis()).toList();
    }

    static final List<String> VETH_FLOWS = flowsOf(RealLinuxCaptureTest.resource("linux-veth.pcap"));

    @ParameterizedTest
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void pcapInEitherByteOrder_microOrNanoseconds_readsTheSameFlows(String byteOrder) {
        ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        assertThat(flowsOf(pcap(order, false, PacketDecoder.LINKTYPE_ETHERNET, CapturedFrame::data))).isEqualTo(VETH_FLOWS);
        assertThat(flowsOf(pcap(order, true, PacketDecoder.LINKTYPE_ETHERNET, CapturedFrame::data))).isEqualTo(VETH_FLOWS);
        byte[] nanos = pcap(order, true, PacketDecoder.LINKTYPE_RAW, CaptureFormatsTest::ip);
        assertThat(CaptureFileReader.read(nanos, 100).frames()).extracting(CapturedFrame::atNanos)
                .containsExactlyElementsOf(VETH.stream().map(CapturedFrame::atNanos).toList());
    }

    @Test
    void everyLinkLayer_givesTheSameFlows() {
        assertThat(flowsOf(pcap(ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINKTYPE_RAW, CaptureFormatsTest::ip))).isEqualTo(VETH_FLOWS);
        assertThat(flowsOf(pcap(ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINKTYPE_IPV4, CaptureFormatsTest::ip))).isEqualTo(VETH_FLOWS);
        // Linux cooked v1: packet type, ARPHRD_ETHER, address length 6, address (8), protocol
        assertThat(flowsOf(pcap(ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINKTYPE_LINUX_SLL, f -> concat(
                new byte[] {0, 4, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 8, 0}, ip(f))))).isEqualTo(VETH_FLOWS);
        // Linux cooked v2: protocol, reserved, interface index, ARPHRD_ETHER, packet type, address length, address
        assertThat(flowsOf(pcap(ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINKTYPE_LINUX_SLL2, f -> concat(
                new byte[] {8, 0, 0, 0, 0, 0, 0, 2, 0, 1, 4, 6, 1, 2, 3, 4, 5, 6, 0, 0}, ip(f))))).isEqualTo(VETH_FLOWS);
        // BSD loopback: AF_INET in the capturing host's byte order (little-endian here), or network order for LOOP
        assertThat(flowsOf(pcap(ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINKTYPE_NULL, f -> concat(new byte[] {2, 0, 0, 0}, ip(f)))))
                .isEqualTo(VETH_FLOWS);
        assertThat(flowsOf(pcap(ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINKTYPE_LOOP, f -> concat(new byte[] {0, 0, 0, 2}, ip(f)))))
                .isEqualTo(VETH_FLOWS);
        // Ethernet with an 802.1Q tag
        assertThat(flowsOf(pcap(ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINKTYPE_ETHERNET, f -> concat(
                Arrays.copyOf(f.data(), 12), new byte[] {(byte) 0x81, 0, 0, 42}, Arrays.copyOfRange(f.data(), 12, f.data().length)))))
                .isEqualTo(VETH_FLOWS);
    }

    @Test
    void unknownLinkType_isSkippedWithTheReason_notAnError() {
        FlowListing listing = RealLinuxCaptureTest.captures().flows(pcap(ByteOrder.BIG_ENDIAN, false, 147, CapturedFrame::data), null);
        assertThat(listing.flows()).isEmpty();
        assertThat(listing.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).startsWith("link type 147 is not read");
            assertThat(s.count()).isEqualTo(9);
            assertThat(s.firstRecord()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void pcapng_twoInterfacesNanosecondClock_simplePacketsAndUnknownBlocksSkipped(String byteOrder) {
        ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(shb(order));
        out.writeBytes(idb(order, PacketDecoder.LINKTYPE_RAW, 6));
        out.writeBytes(idb(order, PacketDecoder.LINKTYPE_ETHERNET, 9));
        out.writeBytes(block(order, 0x0000_0BAD, new byte[] {1, 2, 3, 4, 5})); // a custom block nobody knows
        out.writeBytes(block(order, 4, new byte[8])); // a name resolution block: known but unused
        for (CapturedFrame f : VETH) {
            boolean second = f.record() % 2 == 0;
            out.writeBytes(epb(order, second ? 1 : 0, second ? f.atNanos() : f.atNanos() / 1000, second ? f.data() : ip(f)));
        }
        out.writeBytes(spb(order, ip(VETH.get(0)))); // no timestamp: the time of the packet before
        CaptureFileReader.CaptureFile file = CaptureFileReader.read(out.toByteArray(), 100);
        assertThat(file.format()).isEqualTo(CaptureFileReader.Format.PCAPNG);
        assertThat(file.interfaces()).extracting(CaptureFileReader.InterfaceInfo::linkType).containsExactly(101, 1);
        assertThat(file.frames()).hasSize(10);
        assertThat(file.frames().subList(0, 9)).extracting(CapturedFrame::atNanos)
                .containsExactlyElementsOf(VETH.stream().map(CapturedFrame::atNanos).toList());
        assertThat(file.frames().get(9).atNanos()).isEqualTo(file.frames().get(8).atNanos());
        assertThat(file.frames().get(9).record()).as("section, 2 interfaces, 2 skipped blocks, 9 packets, then this").isEqualTo(15);
        List<String> flows = flowsOf(out.toByteArray());
        assertThat(flows.get(0)).startsWith("10.99.0.1:48656-10.99.0.2:8080 8 ");
    }

    @Test
    void ipv6Flow_isListedAndReplayed() {
        List<byte[]> packets = ipv6Handshake(0);
        int[] i = {0};
        byte[] file = pcap(ByteOrder.BIG_ENDIAN, false, PacketDecoder.LINKTYPE_RAW, f -> i[0] < 3 ? packets.get(i[0]++) : ip(f));
        FlowListing listing = RealLinuxCaptureTest.captures().flows(file, null);
        assertThat(listing.flows().get(0).id()).isEqualTo("[2001:db8::1]:48656-[2001:db8::2]:8080");
        assertThat(listing.flows().get(0).ipVersion()).isEqualTo(6);
        ReplayReport report = RealLinuxCaptureTest.captures().replay(file, null, "[2001:db8::1]:48656-[2001:db8::2]:8080", "linux", null, false);
        ReplayReport.ReplayAnswer synAck = report.exchanges().get(0).answers().get(0);
        // Linux advertises MTU − 60 over IPv6 (tcp_v6 mss_clamp), the capture's kernel 1460 over IPv4
        assertThat(synAck.simulated().options()).contains("mss 1440");
        assertThat(report.differences()).anyMatch(d -> d.contains("offered mss 1460") && d.contains("MTU of 1520"));
    }

    /** As tcpdump -i eth0 records it: the same IPv6 handshake in Ethernet frames of EtherType 0x86DD, the codec reading each datagram. */
    @Test
    void ipv6InEthernetFrames_isListedAndReplayedWithItsFlowLabel() {
        List<byte[]> frames = new ArrayList<>();
        List<byte[]> datagrams = ipv6Handshake(0x5_4321);
        for (int k = 0; k < 3; k++) {
            frames.add(concat(Arrays.copyOfRange(VETH.get(k).data(), 0, 12), new byte[] {(byte) 0x86, (byte) 0xdd}, datagrams.get(k)));
        }
        int[] i = {0};
        byte[] file = pcap(ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINKTYPE_ETHERNET, f -> i[0] < 3 ? frames.get(i[0]++) : f.data());
        FlowListing listing = RealLinuxCaptureTest.captures().flows(file, null);
        FlowListing.CapturedFlow flow = listing.flows().get(0);
        assertThat(flow.id()).isEqualTo("[2001:db8::1]:48656-[2001:db8::2]:8080");
        assertThat(flow.ipVersion()).isEqualTo(6);
        assertThat(flow.replayable()).isTrue();
        ReplayReport report = RealLinuxCaptureTest.captures().replay(file, null, flow.id(), "linux", null, false);
        assertThat(report.exchanges().get(0).answers().get(0).simulated().options()).contains("mss 1440");
        // the decoder keeps what the IPv6 header said beyond the addresses: the flow label
        CapturedFrame first = CaptureFileReader.read(file, 100).frames().get(0);
        PacketDecoder.Tcp syn = (PacketDecoder.Tcp) PacketDecoder.decode(first);
        assertThat(syn.packet().datagram().flowLabel()).isEqualTo(0x5_4321);
    }

    /** The veth capture's handshake (its first three datagrams) moved to 2001:db8::1 and ::2, with this flow label. */
    static List<byte[]> ipv6Handshake(int flowLabel) {
        Ipv6Address client = (Ipv6Address) dev.handshakelab.core.wire.IpAddress.parse("2001:db8::1");
        Ipv6Address server = (Ipv6Address) dev.handshakelab.core.wire.IpAddress.parse("2001:db8::2");
        List<byte[]> datagrams = new ArrayList<>();
        for (CapturedFrame f : VETH.subList(0, 3)) {
            IpDatagram v4 = SegmentCodec.decodeIpv4(ip(f)).datagram();
            boolean fromClient = v4.src().toString().equals("10.99.0.1");
            datagrams.add(SegmentCodec.encodeIp(new IpDatagram(fromClient ? client : server, fromClient ? server : client, 64, 0,
                    v4.segment(), flowLabel)));
        }
        return datagrams;
    }

    // ---------------------------------------------------------------- strictness

    @Test
    void pcapngMustStartWithASectionHeader_andBlocksMustRepeatTheirLength() {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] idbFirst = concat(new byte[] {0x0A, 0x0D, 0x0D, 0x0A}, new byte[0]);
        assertThatThrownBy(() -> CaptureFileReader.read(idbFirst, 100)).isInstanceOf(CaptureFileException.class);
        byte[] badTrailer = concat(shb(le), idb(le, 101, 6));
        badTrailer[badTrailer.length - 4] = 0x10;
        assertThatThrownBy(() -> CaptureFileReader.read(badTrailer, 100)).isInstanceOfSatisfying(CaptureFileException.class, e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.offset()).isEqualTo(badTrailer.length - 4);
            assertThat(e.rule()).isEqualTo("block-length repeated");
        });
        byte[] undefinedInterface = concat(shb(le), idb(le, 101, 6), epb(le, 1, 0, ip(VETH.get(0))));
        assertThatThrownBy(() -> CaptureFileReader.read(undefinedInterface, 100)).isInstanceOfSatisfying(CaptureFileException.class, e -> {
            assertThat(e.record()).isEqualTo(3);
            assertThat(e.rule()).isEqualTo("interface-id defined");
        });
        byte[] tooMany = pcap(ByteOrder.BIG_ENDIAN, false, 101, CaptureFormatsTest::ip);
        assertThatThrownBy(() -> CaptureFileReader.read(tooMany, 5)).isInstanceOfSatisfying(CaptureFileException.class, e -> {
            assertThat(e.record()).isEqualTo(6);
            assertThat(e.rule()).isEqualTo("max-records 5");
        });
    }

    @Test
    void pcapTimestampFractionBeyondASecond_isNamed() {
        byte[] file = pcap(ByteOrder.BIG_ENDIAN, false, 101, CaptureFormatsTest::ip);
        ByteBuffer.wrap(file).putInt(24 + 4, 1_000_000);
        assertThatThrownBy(() -> CaptureFileReader.read(file, 100)).isInstanceOfSatisfying(CaptureFileException.class, e -> {
            assertThat(e.record()).isEqualTo(1);
            assertThat(e.offset()).isEqualTo(28);
            assertThat(e.rule()).isEqualTo("timestamp-fraction < 1000000");
        });
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
