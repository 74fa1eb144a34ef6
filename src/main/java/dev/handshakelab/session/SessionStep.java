package dev.handshakelab.session;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One thing a user did to a session (sent a segment, started a client, moved the clock), stored
 * in the form replay feeds back into the core. Its events are stored beside it, in
 * {@code session_event_run}, from {@code firstEvent} on.
 */
@Entity
@Table(name = "session_step")
@IdClass(SessionStep.Key.class)
public class SessionStep {

    @Id
    private UUID sessionId;

    @Id
    private int stepNo;

    @Column(nullable = false)
    private String kind;

    @Column(nullable = false, length = 1_000_000)
    private String input;

    private long startedAtMicros;
    private long endedAtMicros;
    private long firstEvent;
    private int eventCount;
    private Instant createdAt;

    protected SessionStep() {
    }

    public SessionStep(UUID sessionId, int stepNo, String kind, String input, long startedAtMicros, long endedAtMicros,
            long firstEvent, int eventCount, Instant createdAt) {
        this.sessionId = sessionId;
        this.stepNo = stepNo;
        this.kind = kind;
        this.input = input;
        this.startedAtMicros = startedAtMicros;
        this.endedAtMicros = endedAtMicros;
        this.firstEvent = firstEvent;
        this.eventCount = eventCount;
        this.createdAt = createdAt;
    }

    public UUID getSessionId() { return sessionId; }
    public int getStepNo() { return stepNo; }
    public String getKind() { return kind; }
    public String getInput() { return input; }
    public long getStartedAtMicros() { return startedAtMicros; }
    public long getEndedAtMicros() { return endedAtMicros; }
    public long getFirstEvent() { return firstEvent; }
    public int getEventCount() { return eventCount; }
    public Instant getCreatedAt() { return createdAt; }

    /** Composite key: (session, step number). */
    public record Key(UUID sessionId, int stepNo) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
