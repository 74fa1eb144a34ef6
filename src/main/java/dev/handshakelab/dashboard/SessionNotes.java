package dev.handshakelab.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.handshakelab.account.Callers;
import dev.handshakelab.session.SessionService;
import dev.handshakelab.session.api.SessionView;

/**
 * Short notes an instructor leaves in a student's session, shown to the student there. Whoever
 * may read the session reads its notes; only an instructor of the owner (who reads but does not
 * own it) writes one. The session is reached through {@link SessionService}, so a session the
 * caller may not see answers 404 as an unknown one.
 */
@Service
class SessionNotes {

    record Note(UUID id, UUID sessionId, String author, String body, Instant createdAt) {}

    /** The caller may read the session but is not one of those who leave notes in it (its owner). */
    static final class NotAnInstructor extends RuntimeException {
        NotAnInstructor() {
            super("Only an instructor of the session's owner leaves notes in it.");
        }
    }

    private final SessionService sessions;
    private final Callers callers;
    private final JdbcClient jdbc;
    private final Clock clock;

    SessionNotes(SessionService sessions, Callers callers, JdbcClient jdbc, Clock clock) {
        this.sessions = sessions;
        this.callers = callers;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public Note leave(String sessionId, String body) {
        SessionView session = sessions.get(sessionId);
        if (!"read".equals(session.access())) {
            throw new NotAnInstructor();
        }
        UUID author = callers.account().id();
        Note note = new Note(UUID.randomUUID(), session.id(), null, body.strip(), clock.instant());
        jdbc.sql("insert into session_note (id, session_id, author_id, body, created_at) values (?, ?, ?, ?, ?)")
                .params(note.id(), note.sessionId(), author, note.body(), note.createdAt().atOffset(ZoneOffset.UTC)).update();
        return list(session).stream().filter(n -> n.id().equals(note.id())).findFirst().orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<Note> list(String sessionId) {
        return list(sessions.get(sessionId));
    }

    private List<Note> list(SessionView session) {
        return jdbc.sql("""
                select n.id, n.session_id, u.display_name, n.body, n.created_at from session_note n
                join app_user u on u.id = n.author_id where n.session_id = ? order by n.created_at, n.id""")
                .param(session.id())
                .query((rs, i) -> new Note(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        ClassRows.instant(rs, "created_at")))
                .list();
    }
}
