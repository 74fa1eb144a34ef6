package dev.handshakelab.capture;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pcapng format (draft-ietf-opsawg-pcapng), big-endian: a Section Header Block, one
 * Interface Description Block per observation point (named with {@code if_name}: the client,
 * the server, each middlebox on a route), and an Enhanced Packet Block per sighting of a
 * datagram on the interface where it was seen, with an {@code opt_comment} saying what happened
 * to it there ("sent", "received", "dropped by …"). Wireshark shows the interface as
 * {@code frame.interface_name} and the comment as {@code frame.comment}.
 *
 * <p>Interfaces are written the first time a datagram is seen at them (a reader needs an IDB
 * before the packets that refer to it, not all IDBs first), so a file is written in one pass and
 * the same history always gives the same bytes.
 */
public final class PcapngWriter implements CaptureWriter {

    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int INTERFACE_DESCRIPTION = 0x00000001;
    static final int ENHANCED_PACKET = 0x00000006;
    static final int OPT_END = 0;
    static final int OPT_COMMENT = 1;
    static final int IF_NAME = 2;
    static final int SHB_USERAPPL = 4;

    private final DataOutputStream out;
    private final Map<String, Integer> interfaces = new LinkedHashMap<>();

    public PcapngWriter(OutputStream out, String application) throws IOException {
        this.out = new DataOutputStream(out);
        Block shb = new Block();
        shb.body.writeInt(BYTE_ORDER_MAGIC);
        shb.body.writeShort(1); // version 1.0
        shb.body.writeShort(0);
        shb.body.writeLong(-1); // section length not given
        shb.option(SHB_USERAPPL, application);
        shb.endOptions();
        shb.writeTo(this.out, SECTION_HEADER);
    }

    @Override
    public void write(CapturedDatagram d) throws IOException {
        int id = interfaceId(d.observedAt());
        Block epb = new Block();
        epb.body.writeInt(id);
        // if_tsresol is absent, so timestamps count microseconds, as a 64-bit number split high/low
        epb.body.writeInt((int) (d.atMicros() >>> 32));
        epb.body.writeInt((int) d.atMicros());
        epb.body.writeInt(d.ip().length);
        epb.body.writeInt(d.ip().length);
        epb.body.write(d.ip());
        epb.pad(d.ip().length);
        if (d.comment() != null) {
            epb.option(OPT_COMMENT, d.comment());
        }
        epb.endOptions();
        epb.writeTo(out, ENHANCED_PACKET);
    }

    private int interfaceId(String name) throws IOException {
        Integer id = interfaces.get(name);
        if (id != null) {
            return id;
        }
        Block idb = new Block();
        idb.body.writeShort(PcapWriter.LINKTYPE_RAW);
        idb.body.writeShort(0); // reserved
        idb.body.writeInt(PcapWriter.SNAPLEN);
        idb.option(IF_NAME, name);
        idb.endOptions();
        idb.writeTo(out, INTERFACE_DESCRIPTION);
        interfaces.put(name, interfaces.size());
        return interfaces.size() - 1;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }

    /** A block's body, with its options, padded to 32 bits; framed by its type and total length twice. */
    private static final class Block {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream body = new DataOutputStream(bytes);

        void option(int code, String value) throws IOException {
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            body.writeShort(code);
            body.writeShort(v.length);
            body.write(v);
            pad(v.length);
        }

        void endOptions() throws IOException {
            body.writeShort(OPT_END);
            body.writeShort(0);
        }

        void pad(int length) throws IOException {
            for (int i = length; i % 4 != 0; i++) {
                body.writeByte(0);
            }
        }

        void writeTo(DataOutputStream out, int type) throws IOException {
            int total = 12 + bytes.size();
            out.writeInt(type);
            out.writeInt(total);
            bytes.writeTo(out);
            out.writeInt(total);
        }
    }
}
