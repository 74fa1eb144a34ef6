package dev.handshakelab.exercise;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * One version of an authored exercise: its whole definition as JSON (the shape of a built-in
 * file), who stored it and when. Immutable: an edit stores a new version, so a course that
 * pinned this one keeps grading by it.
 */
@Entity
@Table(name = "authored_exercise_version")
public class AuthoredExerciseVersion {

    /** (exercise, version): the primary key. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "exercise_id", length = 64)
        private String exerciseId;
        private int version;

        protected Key() {
        }

        Key(String exerciseId, int version) {
            this.exerciseId = exerciseId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.exerciseId.equals(exerciseId) && k.version == version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(exerciseId, version);
        }
    }

    @EmbeddedId
    private Key key;

    @Column(nullable = false)
    private UUID authorId;

    private Instant createdAt;

    @Column(nullable = false, length = 200_000)
    private String definition;

    protected AuthoredExerciseVersion() {
    }

    AuthoredExerciseVersion(String exerciseId, int version, UUID authorId, Instant createdAt, String definition) {
        this.key = new Key(exerciseId, version);
        this.authorId = authorId;
        this.createdAt = createdAt;
        this.definition = definition;
    }

    public String exerciseId() {
        return key.exerciseId;
    }

    public int version() {
        return key.version;
    }

    public UUID authorId() {
        return authorId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String definition() {
        return definition;
    }
}
