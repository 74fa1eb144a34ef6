package dev.handshakelab.exercise;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An exercise an instructor wrote: who wrote it and its newest version. The definitions are the
 * {@link AuthoredExerciseVersion}s, never changed once stored.
 */
@Entity
@Table(name = "authored_exercise")
public class AuthoredExercise {

    @Id
    @Column(length = 64)
    private String id;

    @Column(nullable = false)
    private UUID authorId;

    private int currentVersion;

    /** A built-in's id, or "{@code <authored id>@<version>}"; null when written afresh. */
    @Column(length = 80)
    private String copiedFrom;

    private Instant createdAt;
    private Instant updatedAt;

    /** Two edits at once cannot both become version n + 1: the second fails here and is answered 409. */
    @Version
    private Long lockVersion;

    protected AuthoredExercise() {
    }

    AuthoredExercise(String id, UUID authorId, String copiedFrom, Instant createdAt) {
        this.id = id;
        this.authorId = authorId;
        this.currentVersion = 1;
        this.copiedFrom = copiedFrom;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** The next version's number, now the current one. */
    int nextVersion(Instant at) {
        currentVersion++;
        updatedAt = at;
        return currentVersion;
    }

    public String id() {
        return id;
    }

    public UUID authorId() {
        return authorId;
    }

    public int currentVersion() {
        return currentVersion;
    }

    public String copiedFrom() {
        return copiedFrom;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
