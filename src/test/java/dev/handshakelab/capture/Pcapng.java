package dev.handshakelab.capture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A strict reader of the pcapng files the app writes, for tests: every length and padding checked. */
record Pcapng(List<String> interfaces, List<Packet> packets) {

    record Packet(int interfaceId, long atMicros, byte[] ip, String comment) {}

    static Pcapng read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file);
        List<String> interfaces = new ArrayList<>();
        List<Packet> packets = new ArrayList<>();
        boolean first = true;
        while (b.hasRemaining()) {
            int start = b.position();
            int type = b.getInt();
            int total = b.getInt();
            if (total % 4 != 0 || total < 12 || start + total > file.length || b.getInt(start + total - 4) != total) {
                throw new IllegalArgumentException("bad block length " + total + " at byte " + start);
            }
            if (first && (type != PcapngWriter.SECTION_HEADER || b.getInt() != PcapngWriter.BYTE_ORDER_MAGIC)) {
                throw new IllegalArgumentException("no section header first");
            }
            first = false;
            if (type == PcapngWriter.INTERFACE_DESCRIPTION) {
                if (b.getShort() != PcapWriter.LINKTYPE_RAW) {
                    throw new IllegalArgumentException("link type is not raw IP");
                }
                b.position(b.position() + 6);
                interfaces.add(options(b, start + total - 4).get(0));
            } else if (type == PcapngWriter.ENHANCED_PACKET) {
                int id = b.getInt();
                long at = ((long) b.getInt() << 32) | (b.getInt() & 0xFFFFFFFFL);
                int captured = b.getInt();
                b.getInt();
                byte[] ip = new byte[captured];
                b.get(ip);
                b.position(b.position() + (4 - captured % 4) % 4);
                if (id >= interfaces.size()) {
                    throw new IllegalArgumentException("packet on interface " + id + " before its description");
                }
                packets.add(new Packet(id, at, ip, options(b, start + total - 4).get(0)));
            }
            b.position(start + total);
        }
        return new Pcapng(interfaces, packets);
    }

    /** The string values of a block's options up to opt_endofopt, padding checked. */
    private static List<String> options(ByteBuffer b, int end) {
        List<String> values = new ArrayList<>();
        while (b.position() < end) {
            int code = b.getShort();
            int length = b.getShort();
            if (code == PcapngWriter.OPT_END) {
                return values;
            }
            byte[] v = new byte[length];
            b.get(v);
            b.position(b.position() + (4 - length % 4) % 4);
            values.add(new String(v, StandardCharsets.UTF_8));
        }
        throw new IllegalArgumentException("options without opt_endofopt");
    }
}
