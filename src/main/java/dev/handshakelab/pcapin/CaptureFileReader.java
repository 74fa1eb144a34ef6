package dev.handshakelab.pcapin;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a capture file strictly: classic pcap (draft-ietf-opsawg-pcap, both byte orders, micro-
 * and nanosecond magic) or pcapng (draft-ietf-opsawg-pcapng: section headers, interface
 * descriptions, enhanced, simple and obsolete packet blocks; every other block type is skipped
 * by its length, as §3.1 asks of a reader that does not know it). Whatever breaks a rule of the
 * format throws a {@link CaptureFileException} naming the record and the byte offset; nothing
 * else is thrown for any input.
 */
public final class CaptureFileReader {

    /** A file's format, as its first four bytes say. */
    public enum Format { PCAP, PCAPNG }

    /** The packets of a file and its interfaces (pcap has one, unnamed). */
    public record CaptureFile(Format format, List<InterfaceInfo> interfaces, List<CapturedFrame> frames) {}

    /** An interface as the file describes it: its id in its section, its name (if_name) if any, its link type. */
    public record InterfaceInfo(int id, String name, int linkType) {}

    /** What an interface description's options say: clock resolution and offset, name. */
    private static final class InterfaceOptions {
        int resolution = 6; // if_tsresol's default: microseconds
        boolean binary;
        long offsetSeconds;
        String name;
    }

    static final int PCAP_MICROS = 0xa1b2c3d4;
    static final int PCAP_NANOS = 0xa1b23c4d;
    static final int PCAPNG_SHB = 0x0A0D0D0A;
    static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int PCAP_HEADER_BYTES = 24;
    static final int PCAP_RECORD_HEADER_BYTES = 16;
    /**
     * The largest packet a record may hold: Wireshark's {@code WTAP_MAX_PACKET_SIZE_STANDARD}
     * (262144). A bigger length is a damaged header, not a packet.
     */
    static final int MAX_PACKET_BYTES = 262_144;

    static final int BLOCK_IDB = 1;
    static final int BLOCK_OBSOLETE_PACKET = 2;
    static final int BLOCK_SPB = 3;
    static final int BLOCK_EPB = 6;
    static final int OPTION_END = 0;
    static final int OPTION_IF_NAME = 2;
    static final int OPTION_IF_TSRESOL = 9;
    static final int OPTION_IF_TSOFFSET = 14;

    private final byte[] file;
    private final int maxRecords;
    private final List<CapturedFrame> frames = new ArrayList<>();
    private final List<InterfaceInfo> described = new ArrayList<>();
    /** Records (pcap) or blocks (pcapng) seen so far, for error messages. */
    private int record;

    private CaptureFileReader(byte[] file, int maxRecords) {
        this.file = file;
        this.maxRecords = maxRecords;
    }

    /**
     * Reads every packet of {@code file}. At most {@code maxRecords} records or blocks are read;
     * one more throws a {@link CaptureFileException} with rule {@code max-records}.
     */
    public static CaptureFile read(byte[] file, int maxRecords) {
        CaptureFileReader reader = new CaptureFileReader(file, maxRecords);
        if (file.length < 4) {
            throw new CaptureFileException(0, 0, "magic",
                    "the file has " + file.length + " bytes; a capture starts with a 4-byte magic number");
        }
        int magic = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == PCAPNG_SHB) {
            reader.readPcapng();
            return new CaptureFile(Format.PCAPNG, List.copyOf(reader.described), List.copyOf(reader.frames));
        }
        if (magic == PCAP_MICROS || magic == PCAP_NANOS) {
            reader.readPcap(ByteOrder.BIG_ENDIAN, magic == PCAP_NANOS);
        } else if (magic == Integer.reverseBytes(PCAP_MICROS) || magic == Integer.reverseBytes(PCAP_NANOS)) {
            reader.readPcap(ByteOrder.LITTLE_ENDIAN, magic == Integer.reverseBytes(PCAP_NANOS));
        } else {
            throw new CaptureFileException(0, 0, "magic", String.format("magic number %08x is neither pcap "
                    + "(a1b2c3d4, a1b23c4d in either byte order) nor pcapng (0a0d0d0a)", magic));
        }
        return new CaptureFile(Format.PCAP, List.copyOf(reader.described), List.copyOf(reader.frames));
    }

    // ---------------------------------------------------------------- pcap

    private void readPcap(ByteOrder order, boolean nanos) {
        ByteBuffer b = ByteBuffer.wrap(file).order(order);
        need(0, PCAP_HEADER_BYTES, "file-header", "the pcap file header");
        int major = b.getShort(4) & 0xFFFF;
        int minor = b.getShort(6) & 0xFFFF;
        if (major != 2) {
            throw new CaptureFileException(0, 4, "version 2.x", "pcap version " + major + "." + minor + "; only 2.x exists");
        }
        // The LinkType and additional information field: the link type is its lower 16 bits,
        // the upper bits may carry the FCS length (draft-ietf-opsawg-pcap §4).
        int linkType = b.getInt(20) & 0xFFFF;
        described.add(new InterfaceInfo(0, null, linkType));
        long offset = PCAP_HEADER_BYTES;
        long fractionLimit = nanos ? 1_000_000_000L : 1_000_000L;
        while (offset < file.length) {
            nextRecord(offset);
            int at = (int) offset;
            need(at, PCAP_RECORD_HEADER_BYTES, "record-header", "a 16-byte record header");
            long seconds = Integer.toUnsignedLong(b.getInt(at));
            long fraction = Integer.toUnsignedLong(b.getInt(at + 4));
            long capLen = Integer.toUnsignedLong(b.getInt(at + 8));
            long origLen = Integer.toUnsignedLong(b.getInt(at + 12));
            if (fraction >= fractionLimit) {
                throw new CaptureFileException(record, at + 4L, "timestamp-fraction < " + fractionLimit,
                        "the timestamp's " + (nanos ? "nano" : "micro") + "seconds are " + fraction + ", at most "
                                + (fractionLimit - 1));
            }
            checkLengths(at + 8L, capLen, origLen);
            need(at + PCAP_RECORD_HEADER_BYTES, capLen, "captured-length", "the record's " + capLen + " captured bytes");
            byte[] data = Arrays.copyOfRange(file, at + PCAP_RECORD_HEADER_BYTES, at + PCAP_RECORD_HEADER_BYTES + (int) capLen);
            long atNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
            frames.add(new CapturedFrame(record, at, atNanos, linkType, 0, data, (int) origLen));
            offset = at + PCAP_RECORD_HEADER_BYTES + capLen;
        }
    }

    private void checkLengths(long at, long capLen, long origLen) {
        if (capLen > MAX_PACKET_BYTES) {
            throw new CaptureFileException(record, at, "captured-length <= " + MAX_PACKET_BYTES,
                    "captured length " + capLen + " is more than any packet (" + MAX_PACKET_BYTES + " bytes)");
        }
        if (capLen > origLen) {
            throw new CaptureFileException(record, at, "captured-length <= original-length",
                    "captured length " + capLen + " is more than the packet's original length " + origLen);
        }
    }

    // ---------------------------------------------------------------- pcapng

    /** An interface of the current section: its link type, snap length and clock. */
    private record Interface(int linkType, long snapLen, int resolution, boolean binaryResolution, long offsetSeconds) {}

    private void readPcapng() {
        ByteBuffer b = ByteBuffer.wrap(file);
        ByteBuffer bigEndian = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
        List<Interface> interfaces = new ArrayList<>();
        int section = -1;
        long lastNanos = 0;
        long offset = 0;
        while (offset < file.length) {
            nextRecord(offset);
            int at = (int) offset;
            need(at, 8, "block-header", "a block's type and length");
            // 0a0d0d0a reads the same in both byte orders, so a section header is found before its order is known
            int type = bigEndian.getInt(at);
            if (type == PCAPNG_SHB) {
                // The section header says the byte order of everything up to the next one (§4.1).
                need(at, 12, "block-header", "a section header's byte-order magic");
                int bom = b.getInt(at + 8);
                if (bom == PCAPNG_BYTE_ORDER_MAGIC) {
                    b.order(ByteOrder.BIG_ENDIAN);
                } else if (bom == Integer.reverseBytes(PCAPNG_BYTE_ORDER_MAGIC)) {
                    b.order(ByteOrder.LITTLE_ENDIAN);
                } else {
                    throw new CaptureFileException(record, at + 8L, "byte-order-magic 1a2b3c4d",
                            String.format("byte-order magic %08x is 1a2b3c4d in neither byte order", bom));
                }
                section++;
                interfaces.clear();
            } else if (section < 0) {
                throw new CaptureFileException(record, at, "section-header first",
                        String.format("a pcapng file starts with a section header block (0a0d0d0a), not block type %08x", type));
            } else {
                type = b.getInt(at);
            }
            long length = Integer.toUnsignedLong(b.getInt(at + 4));
            if (length < 12 || length % 4 != 0) {
                throw new CaptureFileException(record, at + 4L, "block-length multiple-of-4 >= 12",
                        "block total length " + length + " is " + (length < 12 ? "below the 12 bytes of an empty block"
                                : "not a multiple of 4"));
            }
            need(at, length, "block-length", "the block's " + length + " bytes");
            int end = at + (int) length;
            long trailer = Integer.toUnsignedLong(b.getInt(end - 4));
            if (trailer != length) {
                throw new CaptureFileException(record, end - 4L, "block-length repeated",
                        "the block's trailing length " + trailer + " differs from its leading length " + length);
            }
            int body = at + 8;
            int bodyEnd = end - 4;
            switch (type) {
                case PCAPNG_SHB -> {
                    requireBody(body, bodyEnd, 16, "section header");
                    int major = b.getShort(body + 4) & 0xFFFF;
                    if (major != 1) {
                        throw new CaptureFileException(record, body + 4L, "version 1.x",
                                "pcapng major version " + major + "; only 1 is defined");
                    }
                    readOptions(b, body + 16, bodyEnd, null);
                }
                case BLOCK_IDB -> {
                    requireBody(body, bodyEnd, 8, "interface description");
                    int linkType = b.getShort(body) & 0xFFFF;
                    long snapLen = Integer.toUnsignedLong(b.getInt(body + 4));
                    InterfaceOptions o = new InterfaceOptions();
                    readOptions(b, body + 8, bodyEnd, o);
                    described.add(new InterfaceInfo(interfaces.size(), o.name, linkType));
                    interfaces.add(new Interface(linkType, snapLen, o.resolution, o.binary, o.offsetSeconds));
                }
                case BLOCK_EPB, BLOCK_OBSOLETE_PACKET -> {
                    boolean epb = type == BLOCK_EPB;
                    requireBody(body, bodyEnd, 20, epb ? "enhanced packet" : "packet");
                    int id = epb ? b.getInt(body) : b.getShort(body) & 0xFFFF;
                    Interface i = interfaceOf(interfaces, id, body);
                    long ticks = (Integer.toUnsignedLong(b.getInt(body + 4)) << 32) | Integer.toUnsignedLong(b.getInt(body + 8));
                    long capLen = Integer.toUnsignedLong(b.getInt(body + 12));
                    long origLen = Integer.toUnsignedLong(b.getInt(body + 16));
                    checkLengths(body + 12L, capLen, origLen);
                    int data = body + 20;
                    if (data + padded(capLen) > bodyEnd) {
                        throw new CaptureFileException(record, body + 12L, "captured-length within block",
                                "captured length " + capLen + " runs past the block's end at byte " + bodyEnd);
                    }
                    readOptions(b, data + (int) padded(capLen), bodyEnd, null);
                    lastNanos = nanos(i, ticks, body + 4L);
                    frames.add(new CapturedFrame(record, at, lastNanos, i.linkType(), id,
                            Arrays.copyOfRange(file, data, data + (int) capLen), (int) origLen));
                }
                case BLOCK_SPB -> {
                    // §4.4: the interface is the first one, the captured length is the original
                    // length cut to its snap length, and there is no timestamp: the packet keeps
                    // the time of the one before.
                    requireBody(body, bodyEnd, 4, "simple packet");
                    Interface i = interfaceOf(interfaces, 0, body);
                    long origLen = Integer.toUnsignedLong(b.getInt(body));
                    long capLen = i.snapLen() == 0 ? origLen : Math.min(origLen, i.snapLen());
                    checkLengths(body, Math.min(capLen, MAX_PACKET_BYTES + 1L), origLen);
                    if (body + 4 + padded(capLen) > bodyEnd) {
                        throw new CaptureFileException(record, body, "packet within block",
                                "original length " + origLen + " runs past the block's end at byte " + bodyEnd);
                    }
                    frames.add(new CapturedFrame(record, at, lastNanos, i.linkType(), 0,
                            Arrays.copyOfRange(file, body + 4, body + 4 + (int) capLen), (int) origLen));
                }
                default -> {
                    // an unknown or unused block (name resolution, statistics, custom): skipped
                }
            }
            offset = end;
        }
        if (section < 0) {
            throw new CaptureFileException(0, 0, "section-header first", "the file holds no section header block");
        }
    }

    private Interface interfaceOf(List<Interface> interfaces, long id, int at) {
        if (id < 0 || id >= interfaces.size()) {
            throw new CaptureFileException(record, at, "interface-id defined",
                    "interface " + Integer.toUnsignedLong((int) id) + " is not described in this section (" + interfaces.size()
                            + " interface" + (interfaces.size() == 1 ? "" : "s") + " so far)");
        }
        return interfaces.get((int) id);
    }

    /**
     * Walks a block's options (§3.5): code, length, value padded to 32 bits, until opt_endofopt
     * or the body's end. With {@code idb} set (an interface description) it keeps
     * {@code if_name}, {@code if_tsresol} and {@code if_tsoffset}.
     */
    private void readOptions(ByteBuffer b, int at, int end, InterfaceOptions idb) {
        while (at < end) {
            if (at + 4 > end) {
                throw new CaptureFileException(record, at, "option-header within block",
                        "an option header needs 4 bytes, " + (end - at) + " are left in the block");
            }
            int code = b.getShort(at) & 0xFFFF;
            int length = b.getShort(at + 2) & 0xFFFF;
            if (code == OPTION_END) {
                return;
            }
            if (at + 4 + padded(length) > end) {
                throw new CaptureFileException(record, at + 2L, "option-length within block",
                        "option " + code + " of " + length + " bytes runs past the block's end at byte " + end);
            }
            if (idb != null && code == OPTION_IF_NAME) {
                idb.name = new String(file, at + 4, length, java.nio.charset.StandardCharsets.UTF_8);
            } else if (idb != null && code == OPTION_IF_TSRESOL) {
                if (length != 1) {
                    throw new CaptureFileException(record, at + 2L, "if_tsresol length 1", "if_tsresol has " + length + " bytes, not 1");
                }
                int v = file[at + 4] & 0xFF;
                idb.resolution = v & 0x7F;
                idb.binary = (v & 0x80) != 0;
                if (!idb.binary && idb.resolution > 18 || idb.binary && idb.resolution > 63) {
                    throw new CaptureFileException(record, at + 4L, "if_tsresol in range",
                            "if_tsresol " + v + " is finer than a 64-bit timestamp can count");
                }
            } else if (idb != null && code == OPTION_IF_TSOFFSET) {
                if (length != 8) {
                    throw new CaptureFileException(record, at + 2L, "if_tsoffset length 8", "if_tsoffset has " + length + " bytes, not 8");
                }
                idb.offsetSeconds = b.getLong(at + 4);
            }
            at += 4 + (int) padded(length);
        }
    }

    /** A timestamp in the interface's units (if_tsresol) as nanoseconds, if_tsoffset added. */
    private long nanos(Interface i, long ticks, long at) {
        BigInteger t = new BigInteger(Long.toUnsignedString(ticks));
        BigInteger nanos;
        if (i.binaryResolution()) {
            nanos = t.multiply(BigInteger.valueOf(1_000_000_000L)).shiftRight(i.resolution());
        } else if (i.resolution() <= 9) {
            nanos = t.multiply(BigInteger.TEN.pow(9 - i.resolution()));
        } else {
            nanos = t.divide(BigInteger.TEN.pow(i.resolution() - 9));
        }
        nanos = nanos.add(BigInteger.valueOf(i.offsetSeconds()).multiply(BigInteger.valueOf(1_000_000_000L)));
        if (nanos.bitLength() > 62 || nanos.signum() < 0) {
            throw new CaptureFileException(record, at, "timestamp in range", "timestamp " + Long.toUnsignedString(ticks)
                    + " is not a time between 1970 and 2116");
        }
        return nanos.longValue();
    }

    private void requireBody(int body, int bodyEnd, int bytes, String what) {
        if (bodyEnd - body < bytes) {
            throw new CaptureFileException(record, body - 4L, "block-length >= " + (bytes + 12),
                    "a " + what + " block needs at least " + (bytes + 12) + " bytes, this one has " + (bodyEnd - body + 12));
        }
    }

    private static long padded(long length) {
        return (length + 3) & ~3L;
    }

    private void nextRecord(long offset) {
        if (record >= maxRecords) {
            throw new CaptureFileException(record + 1, offset, "max-records " + maxRecords,
                    "the file holds more than " + maxRecords + " records; at most " + maxRecords + " are read");
        }
        record++;
    }

    /** Requires {@code count} bytes from {@code at}; names what was cut short. */
    private void need(long at, long count, String rule, String what) {
        if (at + count > file.length) {
            throw new CaptureFileException(record, at, rule + " within file", what + " needs " + count + " bytes from byte "
                    + at + ", but the file ends at byte " + file.length);
        }
    }
}
