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
    private final DashboardFeed feed;
    private final DashboardStreams streams;
    private final JsonMapper json;
    private final TransactionTemplate newTransaction;
    private final ThreadPoolExecutor[] workers;

    DashboardUpdates(JdbcClient jdbc, StudentProgress progress, ClassRows rows, DashboardFeed feed, DashboardStreams streams,
            JsonMapper json, PlatformTransactionManager transactions, DashboardProperties settings) {
        this.jdbc = jdbc;
        this.progress = progress;
        this.rows = rows;
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
                    announce(course, activity.ownerUserId());
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

    /** Appends the student's row as it is now to the course's log; the course's streams get it after the commit. */
    void announce(UUID course, UUID student) {
        Optional<ClassRows.Row> row = rows.one(course, student);
        if (row.isEmpty()) {
            return;
        }
        feed.append(course, student, json.writeValueAsString(row.get()));
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
        Integer passed = p.map(StudentProgress.Progress::checksPassed).orElse(null);
        if (a.kind() == SessionActivity.Kind.STARTED) {
            jdbc.sql("delete from dashboard_session where session_id = ?").param(a.sessionId()).update();
            insert(a, p, 0, null, failing);
            return;
        }
        var existing = jdbc.sql("select student_steps, checks_passed, steps_since_progress, rst_streak, endpoints"
                + " from dashboard_session where session_id = ? for update").param(a.sessionId())
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getObject(2, Integer.class), rs.getInt(3), rs.getInt(4),
                        rs.getString(5)}).optional();
        if (existing.isEmpty()) {
            insert(a, p, 1, at, failing);
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
                    rst_streak = ?, endpoints = ?
                where session_id = ?""")
                .params(at, passed, p.map(StudentProgress.Progress::checksTotal).orElse(null),
                        p.map(StudentProgress.Progress::score).orElse(null), p.map(StudentProgress.Progress::points).orElse(null),
                        progressed, at, progressed, failing, rst, endpoints, a.sessionId())
                .update();
    }

    private void insert(SessionActivity a, Optional<StudentProgress.Progress> p, int steps, Object lastStep, String failing) {
        var at = a.at().atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                insert into dashboard_session (session_id, started_at, student_steps, last_step_at, checks_passed, checks_total,
                    score, points, progress_at, steps_since_progress, failing, rst_streak, endpoints)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""")
                .params(a.sessionId(), at, steps, lastStep, p.map(StudentProgress.Progress::checksPassed).orElse(null),
                        p.map(StudentProgress.Progress::checksTotal).orElse(null), p.map(StudentProgress.Progress::score).orElse(null),
                        p.map(StudentProgress.Progress::points).orElse(null), at, failing, rstStreak(a.step(), 0),
                        a.endpoints().isEmpty() ? null : String.join(", ", a.endpoints()))
                .update();
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
     * Announces every student of the course whose status is no longer the one last announced.
     * The conditional update lets exactly one instance announce each change.
     */
    void sweep(UUID course) {
        newTransaction.executeWithoutResult(tx -> {
            for (ClassRows.Row row : rows.all(course)) {
                if (row.sessionId() != null && jdbc.sql("update dashboard_session set announced_status = ? where session_id = ?"
                        + " and (announced_status is null or announced_status <> ?)")
                        .params(row.status(), row.sessionId(), row.status()).update() == 1) {
                    announce(course, row.studentId());
                }
            }
        });
    }
}
