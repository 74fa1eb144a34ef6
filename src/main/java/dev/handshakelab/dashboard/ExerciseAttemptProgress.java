package dev.handshakelab.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.handshakelab.exercise.CheckResult;
import dev.handshakelab.exercise.ExerciseService;
import dev.handshakelab.exercise.ExerciseViews;
import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.session.SessionService;

import tools.jackson.databind.JsonNode;

/**
 * Progress from the grade of an exercise attempt (GET /sessions/{id}/grade, computed the same
 * way: replay check first, then every check over the stored history). A session that is not an
 * exercise attempt has none. The score is the one the attempt has in its assignment's scores
 * (assignment.Assignments sums the checks' and the predictions' parts of this same grade).
 */
@Component
class ExerciseAttemptProgress implements StudentProgress {

    private final ExerciseService exercises;
    private final JdbcClient jdbc;
    private final SessionService sessions;

    ExerciseAttemptProgress(ExerciseService exercises, JdbcClient jdbc, SessionService sessions) {
        this.exercises = exercises;
        this.jdbc = jdbc;
        this.sessions = sessions;
    }

    @Override
    public Optional<Progress> of(UUID sessionId) {
        boolean attempt = jdbc.sql("select count(*) from exercise_attempt where session_id = ?").param(sessionId)
                .query(Long.class).single() > 0;
        if (!attempt) {
            return Optional.empty();
        }
        ExerciseViews.Grade grade;
        try {
            grade = exercises.grade(sessionId.toString());
        } catch (ExerciseService.ReplayMismatchException e) {
            // no grade is given from a history that does not replay; the row shows no score
            return Optional.empty();
        }
        List<CheckResult> checks = grade.checks();
        // the events a wrong prediction is named from: only read when there is one (most steps have none)
        List<JsonNode> events = new ArrayList<>();
        long needed = PredictionMistakes.eventsNeeded(grade.predictions());
        if (needed > 0) {
            sessions.forEachEvent(sessionId.toString(), HistoryFilter.ALL, needed, events::add);
        }
        return Optional.of(new Progress((int) checks.stream().filter(CheckResult::passed).count(), checks.size(), grade.earned(),
                grade.points(), checks.stream().filter(c -> !c.passed())
                        .map(c -> new Failing(c.id(), c.title(), c.explanation())).toList(),
                grade.predictions().isEmpty() ? null : PredictionMistakes.of(grade.predictions(), events)));
    }
}
