package dev.handshakelab.session;

import dev.handshakelab.limits.Limits;
import dev.handshakelab.web.BudgetExceededException;

/** The problems for a step over the event budgets of {@link Limits}. */
final class StepBudgets {

    private StepBudgets() {}

    static BudgetExceededException sessionFull(Limits limits) {
        return new BudgetExceededException("$", "session events <= " + limits.maxSessionEvents(), limits.maxSessionEvents(),
                "cannot be run: the session's history already holds the most events a session may hold, "
                        + limits.maxSessionEvents() + " (handshake-lab.limits.max-session-events); start a new session");
    }

    /** A step stopped because it made more than {@code limit} events. */
    static BudgetExceededException tooManyEvents(StepInput input, long limit, Limits limits) {
        String field = input instanceof StepInput.Clock c ? (c.toNext() ? "toNext" : "advanceMillis")
                : input instanceof StepInput.Flood ? "durationMillis" : "$";
        String hint = input instanceof StepInput.Clock c && !c.toNext()
                ? "; advance the clock by less at a time" : "";
        String which = limit < limits.maxStepEvents()
                ? "what is left of the session's history (handshake-lab.limits.max-session-events = " + limits.maxSessionEvents() + ")"
                : "the most one step may make (handshake-lab.limits.max-step-events)";
        return new BudgetExceededException(field, "step events <= " + limit, limit,
                "would make more than " + limit + " events, " + which + "; nothing was stored" + hint);
    }
}
