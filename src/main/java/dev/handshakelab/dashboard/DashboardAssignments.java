package dev.handshakelab.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.handshakelab.exercise.Exercise;
import dev.handshakelab.exercise.ExerciseCatalog;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.ResourceNotFoundException;

/**
 * A course's assignments as the dashboard shows them: which one a view is of (the one asked
 * for, else the most recently assigned), which one a student's session counts for (the one with
 * its exercise), and each assignment's stuck rules (its own, stored with it, else the
 * deployment's). The caller has checked that the course is the instructor's.
 */
@Component
class DashboardAssignments {

    /** An assignment in the dashboard's chooser. */
    record Choice(UUID id, String exerciseId, String title, java.time.Instant assignedAt) {}

    /**
     * An assignment's stuck rules, as the API reads and writes them; 0 turns a rule off. Every
     * field is required on a write (a PUT replaces the rules).
     */
    record Rules(
            @io.swagger.v3.oas.annotations.media.Schema(description = "Minutes without a new check passed while sending; 0: off",
                    example = "10") Integer noProgressMinutes,
            @io.swagger.v3.oas.annotations.media.Schema(description = "... with at least this many steps since the last check passed",
                    example = "5") Integer noProgressSteps,
            @io.swagger.v3.oas.annotations.media.Schema(description = "ACKs in a row answered with RST; 0: off, else 2 to 20",
                    example = "3") Integer repeatedRst,
            @io.swagger.v3.oas.annotations.media.Schema(description = "Attempts with the same wrong prediction; 0: off, else 2 to 10",
                    example = "2") Integer repeatedPrediction,
            @io.swagger.v3.oas.annotations.media.Schema(description = "Minutes with no step after starting; 0: off",
                    example = "5") Integer idleMinutes) {

        static Rules of(StuckRules.Settings s) {
            return new Rules(s.noProgressMinutes(), s.noProgressSteps(), s.repeatedRst(), s.repeatedPrediction(), s.idleMinutes());
        }
    }

    /** An assignment's rules as stored, and whether they are its own or the default. */
    record AssignmentRules(UUID assignmentId, boolean own, Rules rules, List<String> stated) {}

    private static final String COLUMNS = "id, exercise_id, stuck_no_progress_minutes, stuck_no_progress_steps, stuck_repeated_rst,"
            + " stuck_repeated_prediction, stuck_idle_minutes";

    private final JdbcClient jdbc;
    private final ExerciseCatalog catalog;
    private final StuckRules rules;

    DashboardAssignments(JdbcClient jdbc, ExerciseCatalog catalog, StuckRules rules) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.rules = rules;
    }

    /** The course's view without an assignment: every student's current session, the default rules. */
    ClassRows.View courseView() {
        return new ClassRows.View(null, null, rules.defaults());
    }

    /** The view of the assignment asked for (404 if it is not the course's), else the latest assigned, else the course's. */
    ClassRows.View view(UUID course, UUID assignment) {
        if (assignment != null) {
            return jdbc.sql("select " + COLUMNS + " from assignment where id = ? and course_id = ?").params(assignment, course)
                    .query((rs, n) -> view(rs)).optional().orElseThrow(DashboardAssignments::noSuchAssignment);
        }
        return jdbc.sql("select " + COLUMNS + " from assignment where course_id = ? order by created_at desc, id").param(course)
                .query((rs, n) -> view(rs)).list().stream().findFirst().orElse(courseView());
    }

    /** The view a student's session counts for in the course: the assignment with its exercise, else the course's. */
    ClassRows.View forSession(UUID course, UUID session) {
        return jdbc.sql("select " + COLUMNS + " from assignment where course_id = ? and exercise_id ="
                + " (select exercise_id from dashboard_session where session_id = ?)").params(course, session)
                .query((rs, n) -> view(rs)).optional().orElse(courseView());
    }

    /** Every view the course has: one per assignment, or the course's if it has none (for the sweep). */
    List<ClassRows.View> all(UUID course) {
        List<ClassRows.View> views = jdbc.sql("select " + COLUMNS + " from assignment where course_id = ?").param(course)
                .query((rs, n) -> view(rs)).list();
        return views.isEmpty() ? List.of(courseView()) : views;
    }

    /** The course's assignments, newest first, for the chooser. */
    List<Choice> choices(UUID course) {
        return jdbc.sql("select id, exercise_id, created_at from assignment where course_id = ? order by created_at desc, id").param(course)
                .query((rs, n) -> new Choice(rs.getObject("id", UUID.class), rs.getString("exercise_id"),
                        catalog.find(rs.getString("exercise_id")).map(Exercise::title).orElse(rs.getString("exercise_id")),
                        ClassRows.instant(rs, "created_at")))
                .list();
    }

    AssignmentRules rules(UUID course, UUID assignment) {
        ClassRows.View v = view(course, Optional.ofNullable(assignment).orElseThrow(DashboardAssignments::noSuchAssignment));
        boolean own = jdbc.sql("select count(*) from assignment where id = ? and stuck_repeated_rst is not null").param(assignment)
                .query(Long.class).single() > 0;
        return new AssignmentRules(assignment, own, Rules.of(v.rules()), v.rules().stated());
    }

    /** Replaces the assignment's rules after checking each (400 naming the field and its range). */
    AssignmentRules setRules(UUID course, UUID assignment, Rules r) {
        view(course, assignment); // 404 unless the course's
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        range(errors, "noProgressMinutes", r.noProgressMinutes(), 0, 0, 240, "0 (off) or 1 to 240 minutes");
        range(errors, "noProgressSteps", r.noProgressSteps(), 1, 1, 1000, "1 to 1000 steps");
        range(errors, "repeatedRst", r.repeatedRst(), 0, 2, 20, "0 (off) or 2 to 20 ACKs");
        range(errors, "repeatedPrediction", r.repeatedPrediction(), 0, 2, 10, "0 (off) or 2 to 10 attempts");
        range(errors, "idleMinutes", r.idleMinutes(), 0, 0, 240, "0 (off) or 1 to 240 minutes");
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        jdbc.sql("""
                update assignment set stuck_no_progress_minutes = ?, stuck_no_progress_steps = ?, stuck_repeated_rst = ?,
                    stuck_repeated_prediction = ?, stuck_idle_minutes = ? where id = ? and course_id = ?""")
                .params(r.noProgressMinutes(), r.noProgressSteps(), r.repeatedRst(), r.repeatedPrediction(), r.idleMinutes(), assignment,
                        course)
                .update();
        return rules(course, assignment);
    }

    /**
     * A required whole number that is {@code off}, or between {@code min} and {@code max}: 0 is
     * the only value below {@code min} allowed, and only where a rule can be off.
     */
    private static void range(List<InvalidRequestException.FieldError> errors, String field, Integer value, int off, int min, int max,
            String rule) {
        if (value == null) {
            errors.add(new InvalidRequestException.FieldError(field, "required", "is required: " + rule));
        } else if (value > max || value < min && value != off) {
            errors.add(new InvalidRequestException.FieldError(field, rule, "must be " + rule + ", not " + value));
        }
    }

    private ClassRows.View view(java.sql.ResultSet rs) throws java.sql.SQLException {
        StuckRules.Settings d = rules.defaults();
        return new ClassRows.View(rs.getObject("id", UUID.class), rs.getString("exercise_id"), new StuckRules.Settings(
                or(rs, "stuck_no_progress_minutes", d.noProgressMinutes()), or(rs, "stuck_no_progress_steps", d.noProgressSteps()),
                or(rs, "stuck_repeated_rst", d.repeatedRst()), or(rs, "stuck_repeated_prediction", d.repeatedPrediction()),
                or(rs, "stuck_idle_minutes", d.idleMinutes())));
    }

    private static int or(java.sql.ResultSet rs, String column, int otherwise) throws java.sql.SQLException {
        Integer v = rs.getObject(column, Integer.class);
        return v == null ? otherwise : v;
    }

    static ResourceNotFoundException noSuchAssignment() {
        return new ResourceNotFoundException("assignment-not-found", "There is no such assignment in this course.");
    }
}
