package dev.handshakelab.flood;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import dev.handshakelab.core.flood.FloodSeries;
import dev.handshakelab.history.FloodSeriesStore;
import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.history.SessionEventStore;
import dev.handshakelab.limits.HeavyOperations;
import dev.handshakelab.limits.Limits;
import dev.handshakelab.session.SessionService;
import dev.handshakelab.session.StepInput;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.session.api.StepView;
import dev.handshakelab.web.ResourceNotFoundException;

import tools.jackson.databind.json.JsonMapper;

/** SYN floods in a session: run one as a step, read back its series. */
@Service
public class FloodService {

    static final String BYTES_BASIS = "RequestSock 72 B (12-byte header, 7 ints, 2 shorts, 3 bytes, 3 longs, one reference, "
            + "padded) + its Ipv4Address 16 B + SYN-queue table slots (kept at most half full) about 12 B + timer-heap slot "
            + "about 5 B; measured by the HalfOpenMemory benchmark and rounded up. Linux's tcp_request_sock is about 300 B.";
    /** The same over IPv6: only the address differs ({@code HalfOpenFootprint.BYTES_V6}). */
    static final String BYTES_BASIS_V6 = "RequestSock 72 B (as over IPv4) + its Ipv6Address 32 B (12-byte header, 2 longs, padded) "
            + "+ SYN-queue table slots about 12 B + timer-heap slot about 5 B: 16 B more than an IPv4 request. Linux's "
            + "tcp_request_sock is about 300 B in both families: inet_request_sock keeps the addresses in its sock_common, "
            + "which has room for IPv6's (ir_v6_rmt_addr, ir_v6_loc_addr) whenever the kernel has IPv6.";

    private final SessionService sessions;
    private final FloodSeriesStore series;
    private final JsonMapper json;
    private final SessionEventStore events;
    private final Limits limits;
    private final HeavyOperations heavy;
    private final long maxSyns;

    public FloodService(SessionService sessions, FloodSeriesStore series, SessionEventStore events, JsonMapper json,
            Limits limits, HeavyOperations heavy, @Value("${handshake-lab.flood.max-syns:10000000}") long maxSyns) {
        this.sessions = sessions;
        this.series = series;
        this.events = events;
        this.json = json;
        this.limits = limits;
        this.heavy = heavy;
        this.maxSyns = maxSyns;
    }

    /**
     * Runs a flood as a step, once it is checked against every budget (refused before it runs if
     * it is over one) and there is room for one more heavy operation on the session and here.
     */
    public FloodViews.FloodStepView start(String id, FloodRequest request) {
        SessionView session = sessions.get(id);
        long budget = limits.stepEventBudget(events.count(session.id(), HistoryFilter.ALL));
        StepInput.Flood input = FloodRequests.toStep(request, session, maxSyns, limits, budget);
        StepView step = heavy.run(session.id().toString(), "flood", () -> sessions.step(id, input));
        FloodSeries s = series.find(session.id(), step.step()).orElseThrow();
        // the step's events come as written JSON; the first one's history index locates them all
        long first = step.events().isEmpty() ? 0 : json.readTree(step.events().get(0).json()).get("index").asLong();
        String base = "/api/v1/sessions/" + session.id();
        return new FloodViews.FloodStepView(step.step(), step.kind(), step.startedAtMicros(), step.endedAtMicros(), first,
                step.events().size(), s.totals(), base + "/flood/series?step=" + step.step(),
                base + "/history?page=" + (first / 1000) + "&size=1000", step.clock());
    }

    /** The series of the given flood step, or of the latest one. */
    public FloodViews.FloodSeriesView series(String id, Integer step) {
        SessionView session = sessions.get(id);
        Integer stepNo = step != null ? step : series.latestStep(session.id()).orElse(null);
        FloodSeries s = stepNo == null ? null : series.find(session.id(), stepNo).orElse(null);
        if (s == null) {
            throw new ResourceNotFoundException("flood-not-found", step == null
                    ? "Session '" + id + "' has no flood yet; start one with POST /api/v1/sessions/" + id + "/flood."
                    : "Step " + step + " of session '" + id + "' is not a flood.");
        }
        String basis = session.server().address().indexOf(':') >= 0 ? BYTES_BASIS_V6 : BYTES_BASIS;
        return new FloodViews.FloodSeriesView(stepNo, s.bucketMicros(), s.bytesPerHalfOpenEntry(), basis, s.totals(), s.buckets());
    }
}
