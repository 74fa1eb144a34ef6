package dev.handshakelab.capture;

/**
 * One IPv4 or IPv6 datagram as a capture file records it: when (virtual microseconds), where it was seen
 * (an observation point: {@code client}, {@code server} or a middlebox on a route), its bytes
 * exactly as they travelled, and a line saying what happened to it there.
 */
public record CapturedDatagram(long atMicros, String observedAt, byte[] ip, String comment) {
}
