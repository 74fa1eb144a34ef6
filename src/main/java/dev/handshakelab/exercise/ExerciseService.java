package dev.handshakelab.exercise;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.handshakelab.account.Callers;
import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.session.SessionReset;
import dev.handshakelab.session.SessionService;
import dev.handshakelab.session.api.CreateSessionRequest;
import dev.handshakelab.session.api.KnobOverrides;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.web.ResourceNotFoundException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Attempts and grades. A session is reached only through {@link SessionService}, which decides
 * who may see it (an unseen session answers 404 like an unknown one), so whoever may read a
 * session may see its grade and nobody else. A grade is computed on every request from the
 * stored history, after a replay check: never from anything the browser sends.
 */
@Service
public class ExerciseService {

    private final ExerciseCatalog catalog;
    private final SessionService sessions;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final PredictionStore predictions;
    private final AuthoredExercises authored;
    private final Callers callers;

    public ExerciseService(ExerciseCatalog catalog, SessionService sessions, JdbcTemplate jdbc, JsonMapper json, PredictionStore predictions,
            AuthoredExercises authored, Callers callers) {
        this.predictions = predictions;
        this.authored = authored;
        this.callers = callers;
        this.catalog = catalog;
        this.sessions = sessions;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The exercise {@code id} as the caller may see it: a built-in one (everyone's), or an authored
     * one's current version if the caller wrote it or is an admin; anything else is 404.
     */
    public Exercise exercise(String id) {
        return catalog.find(id).or(() -> authored.visible(callers.current(), id)).orElseThrow(() -> new ResourceNotFoundException(
                "exercise-not-found", "No exercise '" + id + "'; see GET /api/v1/exercises"));
    }

    /**
     * The exercise an assignment or attempt pinned: the built-in one for {@code version} null, else
     * that version of the authored one, whoever asks (the assignment's course decided that).
     */
    public Exercise exercise(String id, Integer version) {
        return version == null
                ? catalog.find(id).orElseThrow(() -> new IllegalStateException("built-in exercise " + id + " is gone"))
                : authored.version(id, version);
    }

    /** Starts a session from the exercise's template and knobs, owned by the caller (and for their course if given). */
    @Transactional
    public ExerciseViews.Attempt start(String exerciseId, String courseId) {
        return start(exercise(exerciseId), courseId);
    }

    /** Starts an attempt at exactly this exercise (an assignment's pinned version). */
    @Transactional
    public ExerciseViews.Attempt start(Exercise e, String courseId) {
        KnobOverrides overrides = e.overrides() == null ? null : json.treeToValue(e.overrides(), KnobOverrides.class);
        SessionView session = sessions.create(new CreateSessionRequest(e.title(), e.template(), null, null, overrides, null, null, null,
                null, courseId));
        jdbc.update("INSERT INTO exercise_attempt (session_id, exercise_id, exercise_version, created_at) VALUES (?, ?, ?, ?)",
                session.id(), e.id(), e.version(), Timestamp.from(Instant.now()));
        return new ExerciseViews.Attempt(e.id(), session.id().toString());
    }

    /**
     * A reset attempt stays an attempt: the fresh session is an attempt at the same exercise and
     * version as the one it replaces, so it is graded (and scored, see Assignments) like it.
     */
    @EventListener
    void onReset(SessionReset reset) {
        jdbc.update("INSERT INTO exercise_attempt (session_id, exercise_id, exercise_version, created_at) "
                + "SELECT ?, exercise_id, exercise_version, ? FROM exercise_attempt WHERE session_id = ?",
                reset.freshSessionId(), Timestamp.from(reset.at()), reset.oldSessionId());
    }

    /** The exercise (the version) the session is an attempt at, for whoever may read the session. */
    public ExerciseViews.Detail exerciseOf(String sessionId) {
        SessionView session = sessions.get(sessionId);
        return ExerciseViews.Detail.of(attemptOf(session.id()).orElseThrow(() -> notAnAttempt(sessionId)));
    }

    /**
     * Grades the session against its exercise: first replays its stored steps (a history the core
     * would not produce again is not graded), then evaluates every check and grades every
     * prediction over the stored events.
     */
    public ExerciseViews.Grade grade(String sessionId) {
        SessionView session = sessions.get(sessionId);
        Exercise e = attemptOf(session.id()).orElseThrow(() -> notAnAttempt(sessionId));
        SessionService.ReplayCheck replay = sessions.verifyReplay(sessionId);
        ExerciseViews.Replay replayed = new ExerciseViews.Replay(replay.steps(), replay.events(), replay.mismatches());
        if (replay.mismatches() != 0) {
            throw new ReplayMismatchException(sessionId, replay.mismatches());
        }
        List<JsonNode> events = new ArrayList<>();
        sessions.forEachEvent(sessionId, HistoryFilter.ALL, events::add);
        List<CheckResult> results = e.checks().stream().map(c -> CheckEvaluator.evaluate(c, events)).toList();
        List<PredictionViews.PredictionResult> predicted = PredictionGrader.gradeAll(e, predictions.of(session.id()), events);
        int earned = results.stream().mapToInt(CheckResult::earned).sum() + predicted.stream().mapToInt(PredictionViews.PredictionResult::earned).sum();
        return new ExerciseViews.Grade(session.id().toString(), e.id(), e.version(), replayed, e.points(), earned, results, predicted);
    }

    /**
     * The exercise the session is an attempt at, if it was started from one: the version it was
     * started with, however the exercise was edited since. The caller has checked who may see the session.
     */
    java.util.Optional<Exercise> attemptOf(UUID session) {
        return jdbc.query("SELECT exercise_id, exercise_version FROM exercise_attempt WHERE session_id = ?",
                (rs, n) -> exercise(rs.getString(1), (Integer) rs.getObject(2)), session).stream().findFirst();
    }

    static ResourceNotFoundException notAnAttempt(String sessionId) {
        return new ResourceNotFoundException("attempt-not-found", "Session " + sessionId
                + " was not started from an exercise; start one with POST /api/v1/exercises/{exerciseId}/attempts");
    }

    /** The stored history does not replay to itself: no grade is given from it. */
    public static class ReplayMismatchException extends RuntimeException {
        public ReplayMismatchException(String sessionId, int mismatches) {
            super("Session " + sessionId + "'s stored history does not replay to itself (" + mismatches
                    + " mismatching events); it is not graded");
        }
    }
}
