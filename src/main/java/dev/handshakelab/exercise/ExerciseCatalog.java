package dev.handshakelab.exercise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import dev.handshakelab.session.LabTemplates;

import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in exercises, read once at start-up from {@code handshake-lab.exercises.location}
 * (the JSON files under {@code exercises/}). A file that breaks the schema or the check language
 * stops the app, with a message naming the file and the field: a catalogue is never half-loaded.
 */
@Component
public class ExerciseCatalog {

    private final Map<String, Exercise> exercises = new LinkedHashMap<>();

    public ExerciseCatalog(JsonMapper json, LabTemplates templates,
            @Value("${handshake-lab.exercises.location:classpath:exercises/*.json}") String location) throws IOException {
        ExerciseFiles files = new ExerciseFiles(json);
        Resource[] found = new PathMatchingResourcePatternResolver().getResources(location);
        List<Exercise> read = new ArrayList<>();
        for (Resource r : found) {
            read.add(files.read("exercises/" + r.getFilename(), r.getContentAsByteArray(), id -> templates.find(id).isPresent()));
        }
        read.sort(Comparator.comparingInt(Exercise::order).thenComparing(Exercise::id));
        read.forEach(e -> exercises.put(e.id(), e));
    }

    /** Every exercise, in syllabus order (their {@code order}). */
    public List<Exercise> all() {
        return List.copyOf(exercises.values());
    }

    public Optional<Exercise> find(String id) {
        return Optional.ofNullable(exercises.get(id));
    }
}
