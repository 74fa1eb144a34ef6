package dev.handshakelab.pcapin;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** What a capture file holds: its TCP flows, and the packets that are not part of any, with why. */
@Schema(description = "The TCP flows of an uploaded capture")
public record FlowListing(
        @Schema(description = "pcap or pcapng") String format,
        @Schema(description = "Packets in the file") int packets,
        @Schema(description = "The file's interfaces: pcap has one; a pcapng file one per observation point") List<CaptureInterface> interfaces,
        @Schema(description = "TCP packets in the flows") int tcpPackets,
        @Schema(description = "Packets that are not TCP segments the lab can read, grouped by reason") List<SkippedPackets> skipped,
        List<CapturedFlow> flows) {

    /** One interface of the file. */
    @Schema(description = "An interface: where packets were captured")
    public record CaptureInterface(@Schema(description = "Its id, the value of the interface parameter") int id,
                                   @Schema(description = "if_name, if the file names it") String name,
                                   @Schema(description = "LINKTYPE_ value, e.g. 1 Ethernet, 101 raw IP, 113 Linux cooked") int linkType,
                                   int packets) {}

    /** Packets left out for one reason. */
    @Schema(description = "Packets left out for one reason")
    public record SkippedPackets(String reason, int count, @Schema(description = "The first record left out for it") int firstRecord) {}

    /** One flow. */
    @Schema(description = "A TCP flow: a 4-tuple, client side first")
    public record CapturedFlow(
            @Schema(description = "client-server, the value of replay's flow parameter", example = "10.0.0.1:40000-10.0.0.2:80") String id,
            String client,
            String server,
            @Schema(description = "4 or 6") int ipVersion,
            int packets,
            int clientPackets,
            int serverPackets,
            @Schema(description = "The record of its first packet") int firstRecord,
            @Schema(description = "From its first to its last packet") double durationMillis,
            @Schema(description = "Its first packets, in packetdrill's notation, each with its sender") List<String> firstSegments,
            boolean replayable,
            @Schema(description = "Why it cannot be replayed; null if it can") String notReplayable) {}
}
