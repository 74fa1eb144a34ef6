package dev.handshakelab.session;

import java.util.List;

import dev.handshakelab.session.api.KnobOverrides;
import dev.handshakelab.session.api.PathRequest;

/**
 * A ready-made lab: how the session is set up, what to try and what to look for. {@code setup}
 * are steps run when the session is created (and replayed like any other step).
 */
public record LabTemplate(
        String id,
        String title,
        String summary,
        List<String> whatToTry,
        List<String> whatToObserve,
        Defaults defaults,
        List<StepInput> setup) {

    /** The session settings the template starts from; a create request may still override them. */
    public record Defaults(String profile, KnobOverrides overrides, String serverAddress, int serverPort, String clientAddress,
            PathRequest path) {}
}
