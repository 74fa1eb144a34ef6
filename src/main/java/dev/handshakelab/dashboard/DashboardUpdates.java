package dev.handshakelab.dashboard;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.handshakelab.session.SessionActivity;
import dev.handshakelab.session.api.StepView;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each student's dashboard row up to date: after a student's session started or one of
 * their steps was committed (never before: a step that rolls back is never shown), updates the
 * session's facts and appends the student's new row to the log of every course they attend.
 *
 * <p>Runs on a worker after the commit, in a transaction of its own, as the student (their
 * security context is carried over): so progress is read with exactly the access the student has.
 */
@Component
class DashboardUpdates implements DisposableBean {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DashboardUpdates.class);

    private final JdbcClient jdbc;
    private final StudentProgress progress;
    private final ClassRows rows;
    private final DashboardAssignments assignments;
    private final DashboardFeed feed;
    private final DashboardStreams streams;
    private final JsonMapper json;
    private final TransactionTemplate newTransaction;
    private final ThreadPoolExecutor[] workers;

    DashboardUpdates(JdbcClient jdbc, StudentProgress progress, ClassRows rows, DashboardAssignments assignments, DashboardFeed feed,
            DashboardStreams streams, JsonMapper json, PlatformTransactionManager transactions, DashboardProperties settings) {
        this.jdbc = jdbc;
        this.progress = progress;
        this.rows = rows;
        this.assignments = assignments;
        this.feed = feed;
        this.streams = streams;
        this.json = json;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // One thread per stripe, a session always on the same one: its steps are announced in order.
        this.workers = new ThreadPoolExecutor[settings.workers()];
        for (int i = 0; i < workers.length; i++) {
            String name = "dashboard-worker-" + i;
            workers[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(settings.queue()), r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * After the commit, hands the activity to the worker of its session. Not done here: this
     * thread still holds the step's database connection until the commit's clean-up, and work
     * that needed a second connection at this point could starve the pool (every request thread
     * holding one, waiting for another); and the step's answer need not wait for the dashboard.
     * The caller's security context goes along, so progress is read with the caller's access.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void committed(SessionActivity activity) {
        if (activity.ownerUserId() == null) {
            return; // a guest's session: guests attend no course
        }
        Runnable work = new DelegatingSecurityContextRunnable(() -> announce(activity));
        try {
            workers[Math.floorMod(activity.sessionId().hashCode(), workers.length)].execute(work);
        } catch (RejectedExecutionException full) {
            log.warn("dashboard: too far behind; session {} step {} not announced (shown at its next step or read)",
                    activity.sessionId(), activity.stepCount());
        }
    }

    /** Waits until every activity handed over before this call has been announced: for tests. */
    void settled() throws InterruptedException, java.util.concurrent.ExecutionException {
        for (ThreadPoolExecutor w : workers) {
            w.submit(() -> { }).get();
        }
    }

    private void announce(SessionActivity activity) {
        // the session's course, if it is for one; else every course the student attends (ordered: locks taken in one order)
        List<UUID> courses = activity.courseId() != null
                ? jdbc.sql("select course_id from course_student where user_id = ? and course_id = ?")
                        .params(activity.ownerUserId(), activity.courseId()).query(UUID.class).list()
                : jdbc.sql("select course_id from course_student where user_id = ? order by course_id")
                        .param(activity.ownerUserId()).query(UUID.class).list();
        if (courses.isEmpty()) {
            return;
        }
        try {
            newTransaction.executeWithoutResult(tx -> {
                record(activity, progress.of(activity.sessionId()));
                for (UUID course : courses) {
                    // the row of the assignment the session is an attempt at, else of the course's own view
                    announce(course, activity.ownerUserId(), assignments.forSession(course, activity.sessionId()));
                }
            });
        } catch (RuntimeException e) {
            // the step is stored: a dashboard that missed it shows it at the student's next step, or when read again
            log.warn("dashboard: session {} step {} not announced", activity.sessionId(), activity.stepCount(), e);
        }
    }

    @Override
    public void destroy() {
        for (ThreadPoolExecutor w : workers) {
            w.shutdownNow();
        }
    }

    /** Appends the student's row in the view as it is now to the course's log; the course's streams get it after the commit. */
    void announce(UUID course, UUID student, ClassRows.View view) {
        Optional<ClassRows.Row> row = rows.one(course, student, view);
        if (row.isEmpty()) {
            return;
        }
        feed.append(course, view.assignmentId(), student, json.writeValueAsString(row.get()));
        if (row.get().sessionId() != null) {
            jdbc.sql("update dashboard_session set announced_status = ? where session_id = ?")
                    .params(row.get().status(), row.get().sessionId()).update();
        }
        if (!feed.postgres()) {
            // on PostgreSQL every instance, this one included, hears of it by LISTEN
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    streams.grew(course);
                }
            });
        }
    }

    /** Updates the session's facts; a late event about an earlier step than the one recorded is ignored. */
    private void record(SessionActivity a, Optional<StudentProgress.Progress> p) {
        var at = a.at().atOffset(ZoneOffset.UTC);
        String failing = p.map(x -> json.writeValueAsString(x.failing())).orElse(null);
        String predictions = p.map(StudentProgress.Progress::predictions).map(json::writeValueAsString).orElse(null);
        Integer passed = p.map(StudentProgress.Progress::checksPassed).orElse(null);
        if (a.kind() == SessionActivity.Kind.STARTED) {
            jdbc.sql("delete from dashboard_session where session_id = ?").param(a.sessionId()).update();
            insert(a, p, 0, null, failing, predictions);
            repeats(a, p);
            return;
        }
        var existing = jdbc.sql("select student_steps, checks_passed, steps_since_progress, rst_streak, endpoints"
                + " from dashboard_session where session_id = ? for update").param(a.sessionId())
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getObject(2, Integer.class), rs.getInt(3), rs.getInt(4),
                        rs.getString(5)}).optional();
        if (existing.isEmpty()) {
            insert(a, p, 1, at, failing, predictions);
            repeats(a, p);
            return;
        }
        Object[] e = existing.get();
        Integer before = (Integer) e[1];
        boolean progressed = passed != null && (before == null || passed > before);
        int rst = rstStreak(a.step(), (Integer) e[3]);
        String endpoints = a.endpoints().isEmpty() ? (String) e[4] : String.join(", ", a.endpoints());
        jdbc.sql("""
                update dashboard_session set student_steps = student_steps + 1, last_step_at = ?, checks_passed = ?,
                    checks_total = ?, score = ?, points = ?, progress_at = case when ? then ? else progress_at end,
                    steps_since_progress = case when ? then 0 else steps_since_progress + 1 end, failing = ?,
                    rst_streak = ?, endpoints = ?, predictions = ?
                where session_id = ?""")
                .params(at, passed, p.map(StudentProgress.Progress::checksTotal).orElse(null),
                        p.map(StudentProgress.Progress::score).orElse(null), p.map(StudentProgress.Progress::points).orElse(null),
                        progressed, at, progressed, failing, rst, endpoints, predictions, a.sessionId())
                .update();
        repeats(a, p);
    }

    private void insert(SessionActivity a, Optional<StudentProgress.Progress> p, int steps, Object lastStep, String failing,
            String predictions) {
        var at = a.at().atOffset(ZoneOffset.UTC);
        // the exercise: the session's own, or, for a session started on a reset, the one it replaced
        jdbc.sql("""
                insert into dashboard_session (session_id, started_at, student_steps, last_step_at, checks_passed, checks_total,
                    score, points, progress_at, steps_since_progress, failing, rst_streak, endpoints, predictions, exercise_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?,
                    coalesce((select x.exercise_id from exercise_attempt x where x.session_id = ?),
                             (select d.exercise_id from dashboard_session d join lab_session o on o.id = d.session_id
                              where o.replaced_by = ?)))""")
                .params(a.sessionId(), at, steps, lastStep, p.map(StudentProgress.Progress::checksPassed).orElse(null),
                        p.map(StudentProgress.Progress::checksTotal).orElse(null), p.map(StudentProgress.Progress::score).orElse(null),
                        p.map(StudentProgress.Progress::points).orElse(null), at, failing, rstStreak(a.step(), 0),
                        a.endpoints().isEmpty() ? null : String.join(", ", a.endpoints()), predictions, a.sessionId(), a.sessionId())
                .update();
    }

    /**
     * The same wrong prediction in several attempts: for each wrong answer of this attempt, in how
     * many of the student's attempts at the same exercise for the same course (this one included)
     * the same mistake was made (the same prediction, field and label); the largest is kept.
     */
    private void repeats(SessionActivity a, Optional<StudentProgress.Progress> p) {
        List<PredictionMistakes.Wrong> wrong = p.map(StudentProgress.Progress::predictions).map(PredictionMistakes.Graded::wrong)
                .orElse(List.of());
        if (wrong.isEmpty()) {
            return; // none so far: the row's 0 stands (a graded prediction stays graded)
        }
        int most = 0;
        String which = null;
        String sql = """
                select d.predictions from dashboard_session d join lab_session ls on ls.id = d.session_id
                where ls.owner_user_id = ? and d.session_id <> ? and d.predictions is not null
                  and d.exercise_id = (select exercise_id from dashboard_session where session_id = ?)""";
        List<String> others = (a.courseId() == null
                ? jdbc.sql(sql + " and ls.course_id is null").params(a.ownerUserId(), a.sessionId(), a.sessionId())
                : jdbc.sql(sql + " and ls.course_id = ?").params(a.ownerUserId(), a.sessionId(), a.sessionId(), a.courseId()))
                .query(String.class).list();
        List<java.util.Set<String>> keys = others.stream().map(o -> json.readValue(o, PredictionMistakes.Graded.class).wrong()
                .stream().map(PredictionMistakes.Wrong::key).collect(java.util.stream.Collectors.toSet())).toList();
        for (PredictionMistakes.Wrong w : wrong) {
            int times = 1 + (int) keys.stream().filter(k -> k.contains(w.key())).count();
            if (times > most) {
                most = times;
                which = w.label() + " (" + w.id() + ")";
            }
        }
        jdbc.sql("update dashboard_session set prediction_repeats = ?, repeated_prediction = ? where session_id = ?")
                .params(most, which, a.sessionId()).update();
    }

    /**
     * The run of ACKs answered with RST, after this step: one longer if the student's segment
     * carried ACK (and not SYN or RST) and the server's answer was a reset; back to 0 if the
     * student sent anything else or it was answered otherwise; unchanged by steps that sent
     * nothing (moving the clock).
     */
    private int rstStreak(StepView step, int before) {
        if (step == null || step.segments().isEmpty()) {
            return before;
        }
        JsonNode sent = json.readTree(step.segments().get(0).json());
        List<String> flags = flags(sent);
        if (!"client".equals(sent.path("sender").asString("")) || !flags.contains("ACK") || flags.contains("SYN")
                || flags.contains("RST")) {
            return step.kind().equals("segment") ? 0 : before;
        }
        boolean reset = step.replies().stream().anyMatch(r -> flags(json.readTree(r.json())).contains("RST"));
        return reset ? before + 1 : 0;
    }

    private static List<String> flags(JsonNode segment) {
        return segment.path("flags").valueStream().map(f -> f.asString()).toList();
    }

    /** Looks for statuses reached by time alone (stuck when idle) in the courses watched on this instance. */
    @Scheduled(fixedDelayString = "${handshake-lab.dashboard.sweep-interval:15s}")
    void sweep() {
        streams.watched().forEach(this::sweep);
    }

    /**
     * Announces every student of the course whose status, in any of its views (each assignment,
     * or the course's own if it has none), is no longer the one last announced. The conditional
     * update lets exactly one instance announce each change.
     */
    void sweep(UUID course) {
        newTransaction.executeWithoutResult(tx -> {
            for (ClassRows.View view : assignments.all(course)) {
                for (ClassRows.Row row : rows.all(course, view)) {
                    if (row.sessionId() != null && jdbc.sql("update dashboard_session set announced_status = ? where session_id = ?"
                            + " and (announced_status is null or announced_status <> ?)")
                            .params(row.status(), row.sessionId(), row.status()).update() == 1) {
                        announce(course, row.studentId(), view);
                    }
                }
            }
        });
    }
}
