package dev.handshakelab.flood;

import java.util.Map;

import dev.handshakelab.limits.Limits;
import dev.handshakelab.session.StepInput;
import dev.handshakelab.web.BudgetExceededException;

/**
 * What a flood will make, estimated from its plan and the session's retry knobs before it runs,
 * so that a flood over the budget is refused without running it.
 *
 * <p>The history keeps every event of the legitimate clients and of the kept attack SYNs. Counted
 * on floods of each kind (handshakes completing, SYNs dropped by a full queue, SYN-ACKs nobody
 * answers), a connection makes at most 17 events up to its handshake (8 for a spoofed SYN that is
 * never answered) and 5 more per retransmission: the timer firing and being armed again, the
 * segment sent, received and dropped. A connection retransmits at most its retry count, and only
 * as often as its backed-off timeouts fit into the flood's virtual time.
 */
final class FloodBudget {

    static final int CLIENT_EVENTS = 17;
    static final int ATTACK_EVENTS = 8;
    static final int EVENTS_PER_RETRANSMISSION = 5;

    private FloodBudget() {}

    /** The flood's estimated events; refuses it (422) if they are over {@code budget}. */
    static long check(StepInput.Flood f, Map<String, Object> knobs, long budget, Limits limits) {
        long initialRto = number(knobs, "initialRtoMillis", 1000) * 1000;
        long maxRto = number(knobs, "maxRtoMillis", 120_000) * 1000;
        long fit = retransmissionsWithin(f.durationMicros(), initialRto, maxRto);
        // tcp_syn_linear_timeouts adds that many retransmissions at the initial RTO (tcp_write_timeout)
        long linear = number(knobs, "synLinearTimeouts", 0);
        long synRetries = Math.min(number(knobs, "synRetries", 6) + linear, fit + linear);
        long synackRetries = Math.min(number(knobs, "synackRetries", 5), fit);
        long clientEvents = f.legitClients() * (CLIENT_EVENTS + EVENTS_PER_RETRANSMISSION * synRetries);
        long kept = Math.min(f.syns(), f.sampleFirst()) + (f.sampleEvery() > 0 ? f.syns() / f.sampleEvery() : 0)
                + (f.syns() > 0 ? 1 : 0);
        long attackEvents = kept * (1 + ATTACK_EVENTS + EVENTS_PER_RETRANSMISSION * synackRetries);
        long estimate = 2 + clientEvents + attackEvents;
        if (estimate > budget) {
            boolean clients = clientEvents >= attackEvents;
            String why = budget < limits.maxStepEvents()
                    ? "the session's history has room for only " + budget + " more (handshake-lab.limits.max-session-events = "
                            + limits.maxSessionEvents() + ")"
                    : "a step may make at most " + budget + " (handshake-lab.limits.max-step-events)";
            throw new BudgetExceededException(clients ? "legitimate.clients" : "sample", "estimated events <= " + budget, budget,
                    "would make about " + estimate + " events, and " + why + ". Estimate: legitimate clients " + f.legitClients()
                            + " x (" + CLIENT_EVENTS + " + " + EVENTS_PER_RETRANSMISSION + " x " + synRetries
                            + " SYN retransmissions: synRetries, as many as fit in durationMillis) + kept attack SYNs " + kept
                            + " x (" + (1 + ATTACK_EVENTS) + " + " + EVENTS_PER_RETRANSMISSION + " x " + synackRetries
                            + " SYN-ACK retransmissions: synackRetries, as many as fit in durationMillis). Use fewer "
                            + (clients ? "clients, fewer synRetries or a shorter durationMillis"
                                    : "kept attack SYNs (sample.first, a larger sample.every), fewer synackRetries or a shorter durationMillis")
                            + ".");
        }
        return estimate;
    }

    /** How many retransmissions, each after a timeout doubling from {@code rto} up to {@code maxRto}, fit into {@code window}. */
    static long retransmissionsWithin(long window, long rto, long maxRto) {
        long elapsed = 0;
        long timeout = Math.max(1, rto);
        long count = 0;
        // no profile retries more than 255 times, so the loop is short
        while (count < 256) {
            elapsed += timeout;
            if (elapsed > window) {
                break;
            }
            count++;
            timeout = Math.min(timeout * 2, Math.max(maxRto, 1));
        }
        return count;
    }

    private static long number(Map<String, Object> knobs, String name, long fallback) {
        return knobs != null && knobs.get(name) instanceof Number n ? n.longValue() : fallback;
    }
}
