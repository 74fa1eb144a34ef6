package dev.handshakelab.pcapin;

import dev.handshakelab.core.wire.IpDatagram;

/**
 * A TCP segment read from a capture.
 *
 * @param record        the record (pcap) or block (pcapng) it came from, 1-based
 * @param atNanos       capture time in nanoseconds since the epoch
 * @param ipVersion     4 or 6
 * @param datagram      addresses, TTL, ECN and the segment as the lab models them
 * @param checksumValid whether the TCP checksum was right as captured (often not for a host's
 *                      own outgoing packets: checksum offload fills it in after the capture point)
 */
public record TcpPacket(int record, long atNanos, int ipVersion, IpDatagram datagram, boolean checksumValid) {
}
