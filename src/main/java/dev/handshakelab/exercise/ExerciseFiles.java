package dev.handshakelab.exercise;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads exercise files: each checked against the JSON Schema
 * ({@code exercises/schema/exercise.schema.json}), then its checks parsed, then its Markdown
 * rendered. Any problem is an {@link InvalidExerciseException} naming the file and the field.
 * No Spring here: the catalogue hands in the files.
 */
public final class ExerciseFiles {

    private static final String SCHEMA = "/exercises/schema/exercise.schema.json";

    private final JsonMapper json;
    private final Schema schema;
    private final Parser markdown = Parser.builder().build();
    // commonmark's own safe mode: raw HTML in the Markdown is shown as text, never passed
    // through, and link/image URLs with a scheme other than http(s), mailto or data:image become "".
    private final HtmlRenderer html = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    public ExerciseFiles(JsonMapper json) {
        this.json = json;
        try (InputStream in = ExerciseFiles.class.getResourceAsStream(SCHEMA)) {
            this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(json.readTree(in));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA, e);
        }
    }

    /**
     * A file thrown out, naming it and the field ("checks[0].steps[1].where.segment.ack"), the
     * rule it breaks in short form ("required", "check language", "known template") and why;
     * an authored exercise's API answers the same field and rule (docs/exercises.md).
     */
    public static class InvalidExerciseException extends RuntimeException {
        private final String field;
        private final String rule;
        private final String reason;

        public InvalidExerciseException(String file, String field, String rule, String reason) {
            super("exercise file " + file + ": " + (field.isEmpty() ? "" : field + ": ") + reason);
            this.field = field;
            this.rule = rule;
            this.reason = reason;
        }

        public String field() {
            return field;
        }

        public String rule() {
            return rule;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * Reads one file; {@code knownTemplate} says whether a template id exists, so an exercise
     * never starts from a template the lab does not have.
     */
    public Exercise read(String file, byte[] content, Predicate<String> knownTemplate) {
        JsonNode node;
        try {
            node = json.readTree(content);
        } catch (JacksonException e) {
            throw new InvalidExerciseException(file, "", "JSON", "not JSON: " + e.getOriginalMessage());
        }
        validate(file, node);
        String id = node.get("id").asString();
        String expectedName = id + ".json";
        if (!file.endsWith(expectedName)) {
            throw new InvalidExerciseException(file, "id", "file name", "'" + id + "' must be the file's name (" + expectedName + ")");
        }
        return parse(file, node, knownTemplate);
    }

    /** Checks a definition against the JSON Schema alone: the first error, by field and keyword. */
    private void validate(String source, JsonNode node) {
        List<Error> errors = schema.validate(node);
        if (!errors.isEmpty()) {
            Error first = errors.get(0);
            throw new InvalidExerciseException(source, field(first), first.getKeyword(), first.getMessage());
        }
    }

    /**
     * Reads a definition that is not a file of the catalogue (an authored exercise's version,
     * named by {@code source} in messages): the same schema, check language and Markdown as a
     * file, without the file-name rule.
     */
    public Exercise definition(String source, JsonNode node, Predicate<String> knownTemplate) {
        validate(source, node);
        return parse(source, node, knownTemplate);
    }

    private Exercise parse(String file, JsonNode node, Predicate<String> knownTemplate) {
        String id = node.get("id").asString();
        String template = node.get("template").asString();
        if (!knownTemplate.test(template)) {
            throw new InvalidExerciseException(file, "template", "known template", "'" + template + "' is not a template; see GET /api/v1/templates");
        }
        List<Check> checks = new ArrayList<>();
        Set<String> checkIds = new java.util.HashSet<>();
        JsonNode checkNodes = node.get("checks");
        for (int i = 0; i < checkNodes.size(); i++) {
            Check check;
            try {
                check = Check.parse(checkNodes.get(i), "checks[" + i + "]");
            } catch (CheckSyntaxException e) {
                throw new InvalidExerciseException(file, e.field(), "check language", e.getMessage().substring(e.field().length() + 2));
            }
            if (!checkIds.add(check.id())) {
                throw new InvalidExerciseException(file, "checks[" + i + "].id", "unique", "'" + check.id() + "' is the id of an earlier check");
            }
            checks.add(check);
        }
        String instructions = node.get("instructions").asString();
        List<String> hints = new ArrayList<>();
        node.path("hints").forEach(h -> hints.add(h.asString()));
        List<Prediction> predictions = new ArrayList<>();
        Set<String> predictionIds = new java.util.HashSet<>();
        JsonNode predictionNodes = node.path("predictions");
        for (int i = 0; i < predictionNodes.size(); i++) {
            String at = "predictions[" + i + "]";
            Prediction prediction;
            try {
                prediction = Prediction.parse(predictionNodes.get(i), at);
            } catch (CheckSyntaxException e) {
                throw new InvalidExerciseException(file, e.field(), "check language", e.getMessage().substring(e.field().length() + 2));
            }
            if (!predictionIds.add(prediction.id())) {
                throw new InvalidExerciseException(file, at + ".id", "unique", "'" + prediction.id() + "' is the id of an earlier prediction");
            }
            predictions.add(prediction);
        }
        return new Exercise(id, node.get("order").asInt(), node.get("title").asString(), node.get("learningGoal").asString(), instructions,
                html.render(markdown.parse(instructions)), template, node.path("overrides").isObject() ? node.get("overrides") : null,
                List.copyOf(hints), List.copyOf(checks), List.copyOf(predictions), node, null);
    }

    /** The schema error's place in the file as a field path: "checks[0].steps", "" for the whole file. */
    private static String field(Error e) {
        StringBuilder at = new StringBuilder();
        var path = e.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                at.append('[').append(index).append(']');
            } else {
                at.append(at.isEmpty() ? "" : ".").append(element);
            }
        }
        if (e.getProperty() != null && "required".equals(e.getKeyword())) {
            at.append(at.isEmpty() ? "" : ".").append(e.getProperty());
        }
        return at.toString();
    }
}
