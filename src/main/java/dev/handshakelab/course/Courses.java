package dev.handshakelab.course;

import java.io.IOException;
import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.handshakelab.account.Accounts;
import dev.handshakelab.account.Caller;
import dev.handshakelab.account.JoinCodes;
import dev.handshakelab.account.Role;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.ResourceNotFoundException;

/**
 * Courses: an instructor's class, its co-instructors and its students. A course is visible only
 * to its instructors (everything, the join code included) and its students (its name and term);
 * to anyone else it does not exist (404).
 */
@Service
public class Courses implements JoinCodes {

    /** Join codes are read aloud in a lecture hall: no 0/O or 1/I/L. */
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_ROSTER_ROWS = 2000;

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final Clock clock = Clock.systemUTC();

    Courses(JdbcClient jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    public record Person(UUID id, String username, String displayName, String email) {}

    /** A course as the caller may see it: instructors get the join code and the people. */
    public record CourseView(UUID id, String name, String term, String myRole, String joinCode, List<Person> instructors,
            List<Person> students, Instant createdAt) {}

    public record RosterRow(int line, String username, String displayName, boolean created, String initialPassword) {}

    public record RosterResult(List<RosterRow> rows, int enrolled, int created) {}

    @Transactional
    public CourseView create(Caller.Account by, String name, String term) {
        if (!by.role().includes(Role.INSTRUCTOR)) {
            throw new ResourceNotFoundException("not-found", "There is nothing here.");
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        for (int attempt = 0; ; attempt++) {
            try {
                jdbc.sql("insert into course (id, name, term, join_code, created_by, created_at) values (?, ?, ?, ?, ?, ?)")
                        .params(id, name.strip(), term.strip(), newCode(), by.id(), now).update();
                break;
            } catch (DuplicateKeyException codeTaken) {
                if (attempt == 5) {
                    throw codeTaken;
                }
            }
        }
        jdbc.sql("insert into course_instructor (course_id, user_id) values (?, ?)").params(id, by.id()).update();
        return view(by, id);
    }

    public List<CourseView> mine(Caller.Account me) {
        List<UUID> ids = jdbc.sql("""
                select c.id from course c
                where c.id in (select course_id from course_instructor where user_id = ?)
                   or c.id in (select course_id from course_student where user_id = ?)
                order by c.created_at desc""")
                .params(me.id(), me.id()).query(UUID.class).list();
        return ids.stream().map(id -> view(me, id)).toList();
    }

    public CourseView view(Caller.Account me, UUID courseId) {
        var row = jdbc.sql("select id, name, term, join_code, created_at from course where id = ?").param(courseId)
                .query((rs, n) -> new Object[] {rs.getString("name"), rs.getString("term"), rs.getString("join_code"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()})
                .optional().orElseThrow(Courses::notFound);
        if (instructs(me.id(), courseId)) {
            return new CourseView(courseId, (String) row[0], (String) row[1], "instructor", (String) row[2],
                    people("course_instructor", courseId), people("course_student", courseId), (Instant) row[3]);
        }
        if (attends(me.id(), courseId)) {
            return new CourseView(courseId, (String) row[0], (String) row[1], "student", null, null, null, (Instant) row[3]);
        }
        throw notFound();
    }

    /** The course, if the caller instructs it; otherwise it does not exist for them. */
    public CourseView instructed(Caller.Account me, UUID courseId) {
        if (!instructs(me.id(), courseId)) {
            throw notFound();
        }
        return view(me, courseId);
    }

    @Override
    public boolean exists(String joinCode) {
        return courseFor(joinCode).isPresent();
    }

    @Override
    @Transactional
    public void join(UUID student, String joinCode) {
        UUID course = courseFor(joinCode).orElseThrow(
                () -> new InvalidRequestException("joinCode", "known", "is not the code of any course"));
        enrol(course, student);
    }

    @Transactional
    public CourseView joinAs(Caller.Account me, String joinCode) {
        join(me.id(), joinCode);
        return view(me, courseFor(joinCode).orElseThrow());
    }

    @Transactional
    public void removeStudent(Caller.Account me, UUID courseId, UUID student) {
        instructed(me, courseId);
        if (jdbc.sql("delete from course_student where course_id = ? and user_id = ?").params(courseId, student).update() == 0) {
            throw new ResourceNotFoundException("student-not-found", "That account is not a student of this course.");
        }
    }

    @Transactional
    public CourseView addInstructor(Caller.Account me, UUID courseId, String username) {
        instructed(me, courseId);
        Accounts.Account other = accounts.findByUsername(username)
                .filter(a -> a.role().includes(Role.INSTRUCTOR))
                .orElseThrow(() -> new InvalidRequestException("username", "instructor",
                        "must name an existing instructor account"));
        if (!instructs(other.id(), courseId)) {
            jdbc.sql("insert into course_instructor (course_id, user_id) values (?, ?)").params(courseId, other.id()).update();
        }
        return view(me, courseId);
    }

    /**
     * Adds the students a CSV roster lists ({@code username, display name, e-mail}; a header row
     * naming "username" first is skipped). Accounts that do not exist yet are created as students
     * with a random first password, returned this once. All or nothing: if any row is wrong,
     * the problem names each wrong line and field, and nobody is added.
     */
    @Transactional
    public RosterResult importRoster(Caller.Account me, UUID courseId, String csv) {
        instructed(me, courseId);
        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get()
                .parse(new StringReader(csv))) {
            records = parser.getRecords();
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new InvalidRequestException("roster", "csv", "is not valid CSV (RFC 4180): " + e.getMessage());
        }
        if (!records.isEmpty() && records.get(0).get(0).toLowerCase(Locale.ROOT).equals("username")) {
            records = records.subList(1, records.size());
        }
        if (records.isEmpty()) {
            throw new InvalidRequestException("roster", "not-empty", "lists no students");
        }
        if (records.size() > MAX_ROSTER_ROWS) {
            throw new InvalidRequestException("roster", "max-rows", "may list at most " + MAX_ROSTER_ROWS + " students");
        }
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        List<RosterRow> rows = new ArrayList<>();
        int created = 0;
        for (CSVRecord r : records) {
            String line = "roster[line " + r.getRecordNumber() + "]";
            String username = r.get(0);
            String displayName = r.size() > 1 ? r.get(1) : null;
            String email = r.size() > 2 ? r.get(2) : null;
            try {
                Optional<Accounts.Account> existing = accounts.findByUsername(username);
                if (existing.isPresent()) {
                    enrol(courseId, existing.get().id());
                    rows.add(new RosterRow((int) r.getRecordNumber(), existing.get().username(), existing.get().displayName(),
                            false, null));
                } else {
                    String password = Accounts.randomPassword();
                    Accounts.Account a = accounts.create(username, displayName, email, Role.STUDENT, password);
                    enrol(courseId, a.id());
                    created++;
                    rows.add(new RosterRow((int) r.getRecordNumber(), a.username(), a.displayName(), true, password));
                }
            } catch (InvalidRequestException e) {
                e.errors().forEach(f -> errors.add(new InvalidRequestException.FieldError(line + "." + f.field(), f.rule(),
                        f.message())));
            }
        }
        if (!errors.isEmpty()) {
            // the transaction rolls back every account and enrolment made above
            throw new InvalidRequestException(errors);
        }
        return new RosterResult(rows, rows.size(), created);
    }

    /** Whether {@code instructor} teaches a course that {@code student} attends. */
    public boolean teaches(UUID instructor, UUID student) {
        return jdbc.sql("""
                select count(*) from course_student s join course_instructor i on i.course_id = s.course_id
                where s.user_id = ? and i.user_id = ?""")
                .params(student, instructor).query(Long.class).single() > 0;
    }

    public boolean instructs(UUID user, UUID courseId) {
        return jdbc.sql("select count(*) from course_instructor where course_id = ? and user_id = ?")
                .params(courseId, user).query(Long.class).single() > 0;
    }

    public boolean attends(UUID user, UUID courseId) {
        return jdbc.sql("select count(*) from course_student where course_id = ? and user_id = ?")
                .params(courseId, user).query(Long.class).single() > 0;
    }

    /** The students of a course, for listing their sessions. */
    public List<UUID> students(UUID courseId) {
        return jdbc.sql("select user_id from course_student where course_id = ?").param(courseId).query(UUID.class).list();
    }

    private void enrol(UUID courseId, UUID student) {
        if (!attends(student, courseId)) {
            jdbc.sql("insert into course_student (course_id, user_id, joined_at) values (?, ?, ?)")
                    .params(courseId, student, clock.instant().atOffset(ZoneOffset.UTC)).update();
        }
    }

    private Optional<UUID> courseFor(String joinCode) {
        String code = joinCode == null ? "" : joinCode.strip().toUpperCase(Locale.ROOT).replace("-", "");
        return jdbc.sql("select id from course where join_code = ?").param(code).query(UUID.class).optional();
    }

    private List<Person> people(String table, UUID courseId) {
        return jdbc.sql("select u.id, u.username, u.display_name, u.email from " + table
                + " x join app_user u on u.id = x.user_id where x.course_id = ? order by u.username")
                .param(courseId)
                .query((rs, n) -> new Person(rs.getObject("id", UUID.class), rs.getString("username"),
                        rs.getString("display_name"), rs.getString("email")))
                .list();
    }

    private static String newCode() {
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            b.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
        }
        return b.toString();
    }

    static ResourceNotFoundException notFound() {
        return new ResourceNotFoundException("course-not-found", "There is no such course.");
    }
}
