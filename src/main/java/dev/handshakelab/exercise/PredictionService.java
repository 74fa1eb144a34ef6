package dev.handshakelab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.session.SessionService;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.InvalidRequestException.FieldError;

import tools.jackson.databind.JsonNode;

/**
 * Predictions: made by the attempt's owner before the send they predict, graded afterwards from
 * the stored history. A session is reached only through {@link SessionService}: only its owner
 * may predict (anyone else, an instructor reading it too, gets 404 as for an unknown session),
 * and whoever may read it may see how its predictions went.
 */
@Service
public class PredictionService {

    private final ExerciseService exercises;
    private final SessionService sessions;
    private final PredictionStore store;

    public PredictionService(ExerciseService exercises, SessionService sessions, PredictionStore store) {
        this.exercises = exercises;
        this.sessions = sessions;
        this.store = store;
    }

    /** The send a prediction is about has already been made: the prediction comes too late. */
    public static class PredictionAfterSendException extends RuntimeException {
        private final transient FieldError error;

        PredictionAfterSendException(String predictionId, String send, long index) {
            super("prediction '" + predictionId + "' must be made before " + send + ", which was already sent (event #" + index + ")");
            this.error = new FieldError("predictionId", "before the send", "must be made before " + send
                    + "; it was already sent (event #" + index + "), so the reply can be read rather than predicted");
        }

        public FieldError error() {
            return error;
        }
    }

    /**
     * Stores the caller's prediction, holding the session's lock as a step does, so no send can
     * slip in between the check that it has not happened and the prediction being stored.
     */
    @Transactional
    public PredictionViews.PredictionResult predict(String sessionId, PredictionViews.PredictionRequest request) {
        SessionService.StepsHeld held = sessions.holdSteps(sessionId);
        Exercise exercise = exercises.attemptOf(held.id()).orElseThrow(() -> ExerciseService.notAnAttempt(sessionId));
        Prediction p = exercise.predictions().stream().filter(x -> x.id().equals(request.predictionId())).findFirst()
                .orElseThrow(() -> new InvalidRequestException("predictionId", "a prediction of the exercise", "'" + request.predictionId()
                        + "' is not one of exercise " + exercise.id() + "'s predictions: "
                        + exercise.predictions().stream().map(Prediction::id).toList()));
        PredictionViews.PredictionRequest normalised = validate(p, request);
        List<JsonNode> events = history(sessionId);
        int at = PredictionGrader.sendOf(p, events);
        if (at >= 0) {
            throw new PredictionAfterSendException(p.id(), p.before().label(), events.get(at).path("index").asLong());
        }
        PredictionGrader.Stored stored = new PredictionGrader.Stored(normalised, held.steps() + 1, held.events());
        store.put(held.id(), p.id(), stored);
        return PredictionGrader.grade(p, stored, events);
    }

    /** The attempt's predictions and how each went; none for a session not started from an exercise. */
    @Transactional(readOnly = true)
    public PredictionViews.AttemptPredictions attempt(String sessionId) {
        SessionView session = sessions.get(sessionId);
        var exercise = exercises.attemptOf(session.id());
        if (exercise.isEmpty()) {
            return new PredictionViews.AttemptPredictions(session.id().toString(), null, 0, 0, List.of());
        }
        List<PredictionViews.PredictionResult> results = PredictionGrader.gradeAll(exercise.get(), store.of(session.id()), history(sessionId));
        return new PredictionViews.AttemptPredictions(session.id().toString(), exercise.get().id(),
                results.stream().mapToInt(PredictionViews.PredictionResult::points).sum(), results.stream().mapToInt(PredictionViews.PredictionResult::earned).sum(),
                results);
    }

    private List<JsonNode> history(String sessionId) {
        List<JsonNode> events = new ArrayList<>();
        sessions.forEachEvent(sessionId, HistoryFilter.ALL, events::add);
        return events;
    }

    /**
     * The prediction's fields, each present exactly when the prediction asks it (every field but
     * the state may be left out by a student who predicts that nothing comes back), names made
     * canonical: flags upper case, option kinds as the history writes them, states as the core does.
     */
    private static PredictionViews.PredictionRequest validate(Prediction p, PredictionViews.PredictionRequest r) {
        List<FieldError> errors = new ArrayList<>();
        boolean nothing = Boolean.TRUE.equals(r.nothingComesBack());
        Map<Prediction.Field, Object> given = new java.util.EnumMap<>(Prediction.Field.class);
        given.put(Prediction.Field.SEQ, r.seq());
        given.put(Prediction.Field.ACK, r.ack());
        given.put(Prediction.Field.WINDOW, r.window());
        given.put(Prediction.Field.FLAGS, r.flags());
        given.put(Prediction.Field.OPTIONS, r.options());
        given.put(Prediction.Field.STATE, r.state());
        given.put(Prediction.Field.NOTHING, nothing ? Boolean.TRUE : null); // false: the same as not saying it
        for (Map.Entry<Prediction.Field, Object> e : given.entrySet()) {
            Prediction.Field f = e.getKey();
            String name = f == Prediction.Field.NOTHING ? "nothingComesBack" : f.json;
            boolean asked = p.fields().contains(f);
            if (e.getValue() != null && !asked) {
                errors.add(new FieldError(name, "not asked", "is not asked by prediction '" + p.id() + "', which asks " + names(p)));
            } else if (e.getValue() == null && asked && f != Prediction.Field.NOTHING && !(nothing && f.ofSegment())) {
                errors.add(new FieldError(name, "required", "is asked by prediction '" + p.id() + "'"
                        + (p.fields().contains(Prediction.Field.NOTHING) ? " (unless nothingComesBack is true)" : "")));
            } else if (e.getValue() != null && nothing && f.ofSegment()) {
                errors.add(new FieldError(name, "absent when nothing comes back", "must be left out when nothingComesBack is true"));
            }
        }
        List<String> flags = r.flags() == null ? null : new ArrayList<>();
        for (int i = 0; r.flags() != null && i < r.flags().size(); i++) {
            String flag = r.flags().get(i).strip().toUpperCase(java.util.Locale.ROOT);
            if (!PredictionGrader.FLAGS.contains(flag)) {
                errors.add(new FieldError("flags[" + i + "]", "tcp-flag", "must be one of " + new java.util.TreeSet<>(PredictionGrader.FLAGS)));
            }
            flags.add(flag);
        }
        List<String> options = r.options() == null ? null : new ArrayList<>();
        for (int i = 0; r.options() != null && i < r.options().size(); i++) {
            String kind = PredictionGrader.optionKind(r.options().get(i));
            if (kind == null) {
                errors.add(new FieldError("options[" + i + "]", "option kind", "must be an option kind: mss, sackOK, timestamps, wscale, sack, "
                        + "fastOpen or unknown (NOP and EOL padding are not counted)"));
            }
            options.add(kind);
        }
        String state = r.state() == null ? null : Prediction.normaliseState(r.state());
        if (state != null && !PredictionGrader.STATES.contains(state)) {
            errors.add(new FieldError("state", "tcp-state", "must be one of the states this lab models: "
                    + new java.util.TreeSet<>(PredictionGrader.STATES)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new PredictionViews.PredictionRequest(p.id(), nothing ? Boolean.TRUE : (p.fields().contains(Prediction.Field.NOTHING) ? Boolean.FALSE : null),
                r.seq(), r.ack(), r.window(), flags, options, state);
    }

    private static List<String> names(Prediction p) {
        return p.fields().stream().map(f -> f == Prediction.Field.NOTHING ? "nothingComesBack" : f.json).toList();
    }
}
