package dev.handshakelab.session;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A lab session: how its world is configured (profile, knobs, addresses, seed, start time) and
 * how far it has run (steps taken, virtual clock). The world itself is never stored: it is
 * rebuilt by replaying the session's steps through the protocol core.
 */
@Entity
@Table(name = "lab_session")
public class LabSession {

    @Id
    private UUID id;

    @Column(nullable = false, length = 100)
    private String name;

    private String template;

    private long seed;

    @Column(nullable = false)
    private String profile;

    /** The user's knob overrides as JSON (see {@code KnobOverrides}); the profile supplies the rest. */
    @Column(nullable = false, length = 4000)
    private String knobs;

    private String serverAddress;
    private int serverPort;
    private String clientAddress;

    /** The path (middleboxes and routes) as JSON (see {@code PathRequest}); null = a direct wire. */
    @Column(length = 20000)
    private String path;
    private long startMicros;
    private int stepCount;
    private long eventCount;
    private long nowMicros;
    private Long nextDeadlineMicros;
    private Instant createdAt;
    private Instant updatedAt;

    /** The account that owns the session, or null when a guest browser does. */
    private UUID ownerUserId;
    /** The guest browser (the id in its signed cookie) that owns the session, or null. */
    private UUID ownerGuestId;
    /** The course the session was started for, if any. */
    private UUID courseId;
    /** The fresh session an instructor's reset started in this one's place; this one is kept. */
    private UUID replacedBy;

    @Version
    private long version;

    protected LabSession() {
    }

    public LabSession(UUID id, String name, String template, long seed, String profile, String knobs,
            String serverAddress, int serverPort, String clientAddress, String path, long startMicros, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.template = template;
        this.seed = seed;
        this.profile = profile;
        this.knobs = knobs;
        this.serverAddress = serverAddress;
        this.serverPort = serverPort;
        this.clientAddress = clientAddress;
        this.path = path;
        this.startMicros = startMicros;
        this.nowMicros = startMicros;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** A session as its row stands, read without JPA (see {@link SessionRows}). */
    static LabSession restore(UUID id, String name, String template, long seed, String profile, String knobs,
            String serverAddress, int serverPort, String clientAddress, String path, long startMicros, int stepCount,
            long eventCount, long nowMicros, Long nextDeadlineMicros, Instant createdAt, Instant updatedAt, long version,
            UUID ownerUserId, UUID ownerGuestId, UUID courseId, UUID replacedBy) {
        LabSession s = new LabSession(id, name, template, seed, profile, knobs, serverAddress, serverPort, clientAddress, path,
                startMicros, createdAt);
        s.stepCount = stepCount;
        s.eventCount = eventCount;
        s.nowMicros = nowMicros;
        s.nextDeadlineMicros = nextDeadlineMicros;
        s.updatedAt = updatedAt;
        s.version = version;
        s.ownedBy(ownerUserId, ownerGuestId, courseId);
        s.replacedBy = replacedBy;
        return s;
    }

    /** Who owns the session: exactly one of an account and a guest; and the course it is for. */
    LabSession ownedBy(UUID user, UUID guest, UUID course) {
        if ((user == null) == (guest == null)) {
            throw new IllegalArgumentException("a session has exactly one owner");
        }
        this.ownerUserId = user;
        this.ownerGuestId = guest;
        this.courseId = course;
        return this;
    }

    /** Records that one more step ran, with the events it produced and where the clock now stands. */
    void stepTaken(int events, long now, Long nextDeadline, Instant at) {
        stepCount++;
        eventCount += events;
        nowMicros = now;
        nextDeadlineMicros = nextDeadline;
        updatedAt = at;
    }

    /**
     * Records that this transaction wrote the session's progress, which bumps the row's version
     * (see {@code SessionRows.saveProgress}): the object now describes the row as it will be
     * committed, so a world built from it can be matched against the row later.
     */
    void progressSaved() {
        version++;
    }

    /** Where the clock of a world with no steps yet stands. */
    void clockAt(long now, Long nextDeadline) {
        nowMicros = now;
        nextDeadlineMicros = nextDeadline;
    }

    void rename(String newName, Instant at) {
        this.name = newName;
        this.updatedAt = at;
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public String getTemplate() { return template; }
    public long getSeed() { return seed; }
    public String getProfile() { return profile; }
    public String getKnobs() { return knobs; }
    public String getServerAddress() { return serverAddress; }
    public int getServerPort() { return serverPort; }
    public String getClientAddress() { return clientAddress; }
    public String getPath() { return path; }
    public long getStartMicros() { return startMicros; }
    public int getStepCount() { return stepCount; }
    public long getEventCount() { return eventCount; }
    public long getNowMicros() { return nowMicros; }
    public Long getNextDeadlineMicros() { return nextDeadlineMicros; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public long getVersion() { return version; }
    public UUID getOwnerUserId() { return ownerUserId; }
    public UUID getOwnerGuestId() { return ownerGuestId; }
    public UUID getCourseId() { return courseId; }
    public UUID getReplacedBy() { return replacedBy; }
}
