package dev.handshakelab.pcapin;

/**
 * One packet as the capture file holds it.
 *
 * @param record         1-based record (pcap) or block (pcapng) number in the file
 * @param offset         byte offset of the record's header in the file
 * @param atNanos        capture time in nanoseconds since the epoch (whatever resolution the file had)
 * @param linkType       the LINKTYPE_ value of the interface it was captured on
 * @param interfaceId    the pcapng interface (0 for pcap)
 * @param data           the captured bytes, link-layer header included
 * @param originalLength the packet's length on the wire; more than {@code data.length} if the snap length cut it
 */
public record CapturedFrame(int record, long offset, long atNanos, int linkType, int interfaceId, byte[] data,
                            int originalLength) {

    public boolean truncated() {
        return originalLength > data.length;
    }
}
