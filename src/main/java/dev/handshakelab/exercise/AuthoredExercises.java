package dev.handshakelab.exercise;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.handshakelab.account.Accounts;
import dev.handshakelab.account.Caller;
import dev.handshakelab.account.Role;
import dev.handshakelab.session.LabTemplates;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.ResourceNotFoundException;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Exercises instructors write, copy and edit (docs/exercises.md, "Authored exercises"). A
 * definition is validated exactly as a built-in file is ({@link ExerciseFiles}: the JSON Schema,
 * the check language, a known template), and every edit stores a new immutable version.
 *
 * <p>Who sees what: an authored exercise is its author's. The author and admins read, edit and
 * copy it, try it and assign it to a course they teach; to anyone else it does not exist (404),
 * exactly like an unknown id. Students meet it only through an assignment of their course, which
 * pins the version assigned ({@link #version(String, int)}, read without a caller: the course's
 * rules decided who may see it).
 */
@Service
public class AuthoredExercises {

    /** The largest definition stored (the column's size), in characters of compact JSON. */
    static final int MAX_DEFINITION_CHARS = 200_000;

    private final AuthoredExerciseRepository heads;
    private final AuthoredExerciseVersionRepository versions;
    private final EntityManager entities;
    private final ExerciseCatalog catalog;
    private final LabTemplates templates;
    private final Accounts accounts;
    private final JsonMapper json;
    private final ExerciseFiles files;
    private final Clock clock = Clock.systemUTC();
    private static final TypeReference<java.util.Map<String, Object>> DEFINITION = new TypeReference<>() {};
    /** Parsed versions: a version never changes, so once read it is good for ever. */
    private final Cache<String, Exercise> parsed = Caffeine.newBuilder().maximumSize(2_000).build();

    AuthoredExercises(AuthoredExerciseRepository heads, AuthoredExerciseVersionRepository versions, EntityManager entities,
            ExerciseCatalog catalog, LabTemplates templates, Accounts accounts, JsonMapper json) {
        this.heads = heads;
        this.versions = versions;
        this.entities = entities;
        this.catalog = catalog;
        this.templates = templates;
        this.accounts = accounts;
        this.json = json;
        this.files = new ExerciseFiles(json);
    }

    /** Two edits of one exercise at once: the second is refused rather than silently numbered over the first. */
    public static class EditConflictException extends RuntimeException {
        EditConflictException(String id) {
            super("Exercise '" + id + "' was changed by someone else just now; read it again and repeat the edit");
        }
    }

    // ------------------------------------------------------------------ reading

    /** The authored exercise's current version, if the caller may see it (its author, or an admin). */
    @Transactional(readOnly = true)
    public Optional<Exercise> visible(Caller caller, String id) {
        return heads.findById(id).filter(h -> mayEdit(caller, h)).map(h -> version(h.id(), h.currentVersion()));
    }

    /**
     * Version {@code n} of an authored exercise, whoever asks: for an assignment or an attempt
     * that pinned it, whose own rules decided who may see it.
     */
    public Exercise version(String id, int n) {
        return parsed.get(id + "@" + n, k -> {
            AuthoredExerciseVersion v = versions.one(id, n)
                    .orElseThrow(() -> new IllegalStateException("authored exercise " + id + " has no version " + n));
            return parse(v);
        });
    }

    /** The caller's own authored exercises (an admin's: everyone's), by id. */
    @Transactional(readOnly = true)
    public List<AuthoringViews.AuthoredSummary> list(Caller.Account me) {
        List<AuthoredExercise> mine = me.role() == Role.ADMIN ? heads.findAllByOrderByIdAsc() : heads.findByAuthorIdOrderByIdAsc(me.id());
        return mine.stream().map(h -> {
            Exercise e = version(h.id(), h.currentVersion());
            return new AuthoringViews.AuthoredSummary(h.id(), e.title(), e.learningGoal(), e.template(), e.points(), e.checks().size(),
                    h.currentVersion(), username(h.authorId()), h.copiedFrom(), h.createdAt(), h.updatedAt());
        }).toList();
    }

    /** The current version, or version {@code n}, as its author sees it. */
    @Transactional(readOnly = true)
    public AuthoringViews.Authored get(Caller.Account me, String id, Integer n) {
        AuthoredExercise h = editable(me, id);
        AuthoredExerciseVersion v = versions.one(id, n == null ? h.currentVersion() : n)
                .orElseThrow(() -> new ResourceNotFoundException("version-not-found", "Exercise '" + id + "' has versions 1 to "
                        + h.currentVersion() + "; see GET /api/v1/authored-exercises/" + id + "/versions"));
        return view(h, v);
    }

    /** Every version, oldest first. */
    @Transactional(readOnly = true)
    public List<AuthoringViews.VersionSummary> versions(Caller.Account me, String id) {
        editable(me, id);
        return versions.history(id).stream().map(v -> {
            Exercise e = version(id, v.version());
            return new AuthoringViews.VersionSummary(v.version(), username(v.authorId()), v.createdAt(), e.title(), e.points());
        }).toList();
    }

    // ------------------------------------------------------------------ writing

    /** A new exercise from a definition: version 1, the caller's. Instructors and admins only. */
    @Transactional
    public AuthoringViews.Authored create(Caller.Account me, JsonNode definition) {
        return store(me, definition, null);
    }

    /**
     * A new exercise copied from a built-in one or from one the caller may see (its current
     * version), under {@code newId} and optionally a new title.
     */
    @Transactional
    public AuthoringViews.Authored copy(Caller.Account me, String sourceId, String newId, String title) {
        mayAuthor(me);
        Exercise source = catalog.find(sourceId).or(() -> visible(me, sourceId))
                .orElseThrow(() -> new ResourceNotFoundException("exercise-not-found", "No exercise '" + sourceId + "'; see GET /api/v1/exercises"));
        ObjectNode copy = (ObjectNode) source.definition().deepCopy();
        copy.put("id", newId);
        if (title != null) {
            copy.put("title", title.strip());
        }
        return store(me, copy, source.version() == null ? source.id() : source.id() + "@" + source.version());
    }

    /** An edit: the whole definition again, stored as the next version. The id stays; a copy makes a new one. */
    @Transactional
    public AuthoringViews.Authored edit(Caller.Account me, String id, JsonNode definition) {
        AuthoredExercise h = editable(me, id);
        if (definition.isObject() && definition.has("id") && !id.equals(definition.get("id").asString(null))) {
            throw new InvalidRequestException("id", "unchanged", "an edit keeps the exercise's id '" + id
                    + "'; copy it (POST /api/v1/exercises/" + id + "/copies) to make one under a new id");
        }
        validated(definition);
        Instant now = clock.instant();
        int n = h.nextVersion(now);
        AuthoredExerciseVersion v = new AuthoredExerciseVersion(id, n, me.id(), now, compact(definition));
        try {
            entities.persist(v);
            entities.flush();
        } catch (PersistenceException concurrent) {
            // another edit took this number (the primary key) or moved the head on (its lock version)
            throw new EditConflictException(id);
        }
        return view(h, v);
    }

    private AuthoringViews.Authored store(Caller.Account me, JsonNode definition, String copiedFrom) {
        mayAuthor(me);
        Exercise e = validated(definition);
        if (catalog.find(e.id()).isPresent() || heads.existsById(e.id())) {
            throw new InvalidRequestException("id", "unique", "'" + e.id() + "' is already the id of an exercise; choose another");
        }
        Instant now = clock.instant();
        AuthoredExercise h = new AuthoredExercise(e.id(), me.id(), copiedFrom, now);
        AuthoredExerciseVersion v = new AuthoredExerciseVersion(e.id(), 1, me.id(), now, compact(definition));
        try {
            entities.persist(h);
            entities.persist(v);
            entities.flush();
        } catch (PersistenceException taken) {
            // someone else stored the same id between the check and here
            throw new InvalidRequestException("id", "unique", "'" + e.id() + "' is already the id of an exercise; choose another");
        }
        return view(h, v);
    }

    // ------------------------------------------------------------------ rules

    /** Validates a definition as a built-in file: schema, check language, a template the lab has. */
    private Exercise validated(JsonNode definition) {
        try {
            Exercise e = files.definition("request body", definition, t -> templates.find(t).isPresent());
            if (compact(definition).length() > MAX_DEFINITION_CHARS) {
                throw new InvalidRequestException("", "maxLength", "the definition is longer than " + MAX_DEFINITION_CHARS
                        + " characters of JSON");
            }
            return e;
        } catch (ExerciseFiles.InvalidExerciseException invalid) {
            throw new InvalidRequestException(invalid.field(), invalid.rule(), invalid.reason());
        }
    }

    /** Writing exercises is for instructors and admins; a student finds nothing here. */
    private static void mayAuthor(Caller.Account me) {
        if (!me.role().includes(Role.INSTRUCTOR)) {
            throw new ResourceNotFoundException("not-found", "There is nothing here.");
        }
    }

    private static boolean mayEdit(Caller caller, AuthoredExercise h) {
        return caller instanceof Caller.Account a && (a.id().equals(h.authorId()) || a.role() == Role.ADMIN);
    }

    private AuthoredExercise editable(Caller.Account me, String id) {
        return heads.findById(id).filter(h -> mayEdit(me, h)).orElseThrow(() -> notFound(id));
    }

    static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("exercise-not-found", "No exercise '" + id + "'; see GET /api/v1/authored-exercises");
    }

    private Exercise parse(AuthoredExerciseVersion v) {
        // validated when stored; a template removed since shows up when a session is started from it
        return files.definition("authored exercise " + v.exerciseId() + " version " + v.version(), json.readTree(v.definition()), t -> true)
                .asVersion(v.version());
    }

    private AuthoringViews.Authored view(AuthoredExercise h, AuthoredExerciseVersion v) {
        Exercise e = version(h.id(), v.version());
        return new AuthoringViews.Authored(h.id(), v.version(), h.currentVersion(), username(v.authorId()), username(h.authorId()),
                h.copiedFrom(), v.createdAt(), json.convertValue(e.definition(), DEFINITION), ExerciseViews.Detail.of(e));
    }

    private String compact(JsonNode definition) {
        return json.writeValueAsString(definition);
    }

    private String username(UUID id) {
        return accounts.find(id).map(Accounts.Account::username).orElse("?");
    }
}
