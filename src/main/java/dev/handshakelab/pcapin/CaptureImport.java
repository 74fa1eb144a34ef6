package dev.handshakelab.pcapin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.EventLimitExceeded;
import dev.handshakelab.core.wire.SegmentFormat;
import dev.handshakelab.limits.Limits;
import dev.handshakelab.web.BudgetExceededException;
import dev.handshakelab.web.InvalidRequestException;

/**
 * Uploaded captures: their flows, and a flow replayed against a simulated server. Stateless: the
 * file comes with each request and nothing is kept.
 */
@Service
public class CaptureImport {

    private final int maxRecords;
    private final long maxEvents;

    public CaptureImport(Limits limits, @Value("${handshake-lab.limits.max-capture-records:20000}") int maxRecords) {
        this.maxRecords = maxRecords;
        this.maxEvents = limits.maxStepEvents();
    }

    /** A file read into its flows, and what was skipped. */
    record Read(CaptureFileReader.CaptureFile file, List<Flow> flows, Map<String, int[]> skipped) {}

    /** The file's flows; with {@code interfaceId} set, only what was captured on that interface. */
    Read read(byte[] file, Integer interfaceId) {
        CaptureFileReader.CaptureFile capture = CaptureFileReader.read(file, maxRecords);
        if (interfaceId != null && capture.interfaces().stream().noneMatch(i -> i.id() == interfaceId)) {
            throw new InvalidRequestException("interface", "an interface of the capture", "the capture has no interface "
                    + interfaceId + "; its interfaces are " + capture.interfaces().stream().map(i -> i.id() + (i.name() == null
                            ? "" : " (" + i.name() + ")")).toList());
        }
        List<TcpPacket> tcp = new ArrayList<>();
        Map<String, int[]> skipped = new LinkedHashMap<>();
        for (CapturedFrame frame : capture.frames()) {
            if (interfaceId != null && frame.interfaceId() != interfaceId) {
                continue;
            }
            PacketDecoder.Result r = PacketDecoder.decode(frame);
            if (r instanceof PacketDecoder.Tcp t) {
                tcp.add(t.packet());
            } else if (r instanceof PacketDecoder.Skipped s) {
                skipped.computeIfAbsent(s.reason(), k -> new int[] {0, frame.record()})[0]++;
            }
        }
        return new Read(capture, FlowFinder.find(tcp), skipped);
    }

    public FlowListing flows(byte[] file, Integer interfaceId) {
        Read read = read(file, interfaceId);
        List<FlowListing.CapturedFlow> flows = new ArrayList<>();
        int tcpPackets = 0;
        for (Flow f : read.flows()) {
            tcpPackets += f.packets().size();
            int fromClient = (int) f.packets().stream().filter(f::fromClient).count();
            List<String> first = new ArrayList<>();
            for (TcpPacket p : f.packets().subList(0, Math.min(3, f.packets().size()))) {
                first.add((f.fromClient(p) ? "client " : "server ") + SegmentFormat.format(p.datagram().segment()));
            }
            List<TcpPacket> ps = f.packets();
            flows.add(new FlowListing.CapturedFlow(f.id(), f.client().toString(), f.server().toString(), f.ipVersion(),
                    ps.size(), fromClient, ps.size() - fromClient, ps.get(0).record(),
                    (ps.get(ps.size() - 1).atNanos() - ps.get(0).atNanos()) / 1e6, first, f.notReplayable() == null,
                    f.notReplayable()));
        }
        List<FlowListing.SkippedPackets> skipped = new ArrayList<>();
        read.skipped().forEach((reason, n) -> skipped.add(new FlowListing.SkippedPackets(reason, n[0], n[1])));
        List<FlowListing.CaptureInterface> interfaces = new ArrayList<>();
        for (CaptureFileReader.InterfaceInfo i : read.file().interfaces()) {
            int packets = (int) read.file().frames().stream().filter(f -> f.interfaceId() == i.id()).count();
            interfaces.add(new FlowListing.CaptureInterface(i.id(), i.name(), i.linkType(), packets));
        }
        return new FlowListing(read.file().format().name().toLowerCase(java.util.Locale.ROOT), read.file().frames().size(),
                interfaces, tcpPackets, skipped, flows);
    }

    /**
     * Replays one flow of {@code file} (the only one when {@code flowId} is null), as captured on
     * {@code interfaceId} (on all interfaces when null), against a server of {@code profileName},
     * its MTU changed to {@code mtu} if given.
     */
    public ReplayReport replay(byte[] file, Integer interfaceId, String flowId, String profileName, Integer mtu,
            boolean verifyChecksums) {
        StackProfile profile;
        try {
            profile = StackProfile.named(profileName);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("profile", "one of linux, rfc9293, classic", e.getMessage());
        }
        if (mtu != null) {
            try {
                profile = profile.withMtu(mtu);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("mtu", "between 68 and 65535", e.getMessage());
            }
        }
        Read read = read(file, interfaceId);
        Flow flow = choose(read.flows(), flowId);
        if (flow.notReplayable() != null) {
            throw new InvalidRequestException("flow", "replayable", "flow " + flow.id() + " cannot be replayed: " + flow.notReplayable());
        }
        try {
            return FlowReplayer.replay(flow, profile, verifyChecksums, maxEvents);
        } catch (EventLimitExceeded e) {
            throw new BudgetExceededException("flow", "max-step-events", e.limit(),
                    "replaying flow " + flow.id() + " makes more than " + e.limit() + " simulated events in one step");
        }
    }

    private static Flow choose(List<Flow> flows, String flowId) {
        List<String> ids = flows.stream().map(Flow::id).toList();
        if (flowId == null || flowId.isBlank()) {
            List<Flow> replayable = flows.stream().filter(f -> f.notReplayable() == null).toList();
            if (replayable.size() == 1) {
                return replayable.get(0);
            }
            throw new InvalidRequestException("flow", "required", replayable.isEmpty()
                    ? "is required, but the capture holds no flow that can be replayed (flows: " + ids + ")"
                    : "is required when the capture holds " + replayable.size() + " replayable flows: one of " + ids);
        }
        return flows.stream().filter(f -> f.id().equals(flowId)).findFirst().orElseThrow(() -> new InvalidRequestException(
                "flow", "one of the capture's flows", "'" + flowId + "' is not a flow of this capture; its flows are " + ids));
    }
}
