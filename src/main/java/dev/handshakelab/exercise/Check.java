package dev.handshakelab.exercise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * One check of an exercise: a declarative condition over a session's stored events, read from
 * its JSON form (see docs/exercises.md). A check is a chain of steps; each step looks for events
 * after the one the previous step found (optionally within so many milliseconds of it), that
 * match its conditions, at least so many times, or (the last step only) that no such event came.
 * Plain Java: parsed and evaluated without Spring or a session, so the language can be tested
 * on its own.
 */
public record Check(String id, String title, int points, String hint, List<Step> steps) {

    /** The fields an event's conditions may start from: those of the stored history's events. */
    static final Set<String> EVENT_FIELDS = Set.of("index", "atMicros", "kind", "host", "connection", "text", "segment", "where",
            "reason", "from", "to", "cause", "timer", "deadlineMicros", "negotiation", "queue", "rtoMicros", "detail");

    /** One link of the chain. {@code atLeast} counts matching events after the previous step's event. */
    public record Step(String as, String describe, List<Condition> where, int atLeast, boolean absent, Long withinMillis) {

        /** What the explanations call this step: its description, else its conditions. */
        public String label() {
            if (describe != null) {
                return describe;
            }
            List<String> parts = new ArrayList<>();
            for (Condition c : where) {
                parts.add(c.text());
            }
            return String.join(", ", parts);
        }
    }

    /** One field of the event compared with an expected value by an operator. */
    public record Condition(String field, Op op, List<Operand> operands) {

        public String text() {
            return field + " " + op.word + " " + (operands.size() == 1 ? operands.get(0).text() : operands.stream().map(Operand::text).toList());
        }
    }

    /** A literal JSON value, or another step's event's field (plus an offset, in sequence space for seq/ack). */
    public record Operand(JsonNode literal, String ref, String refField, long plus) {

        public String text() {
            if (ref == null) {
                return literal.isString() ? "'" + literal.asString() + "'" : literal.toString();
            }
            return ref + "." + refField + (plus == 0 ? "" : (plus > 0 ? " + " : " - ") + Math.abs(plus));
        }
    }

    /** The comparison operators; their JSON names are what the files use. */
    public enum Op {
        EQ("eq", "="), NE("ne", "≠"), GT("gt", ">"), GTE("gte", "≥"), LT("lt", "<"), LTE("lte", "≤"),
        IN("in", "in"), HAS("has", "has"), LACKS("lacks", "lacks"), PRESENT("present", "present:");

        final String json;
        final String word;

        Op(String json, String word) {
            this.json = json;
            this.word = word;
        }

        static Op of(String name, String field) {
            for (Op op : values()) {
                if (op.json.equals(name)) {
                    return op;
                }
            }
            throw new CheckSyntaxException(field, "unknown operator '" + name + "'; one of eq, ne, gt, gte, lt, lte, in, has, lacks, present");
        }
    }

    private static final Set<String> CHECK_KEYS = Set.of("id", "title", "points", "hint", "steps");
    private static final Set<String> STEP_KEYS = Set.of("as", "describe", "where", "atLeast", "absent", "withinMillis");

    /**
     * Reads a check from its JSON form; {@code path} is where it sits in its file (for example
     * {@code checks[2]}), so an error names the field in the file's own terms.
     */
    public static Check parse(JsonNode node, String path) {
        object(node, path);
        unknownKeys(node, path, CHECK_KEYS);
        String id = text(node, path, "id", true);
        String title = text(node, path, "title", true);
        int points = node.has("points") ? integer(node.get("points"), path + ".points", 0, 1000) : 1;
        String hint = text(node, path, "hint", false);
        JsonNode stepsNode = node.get("steps");
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
            throw new CheckSyntaxException(path + ".steps", "must be a non-empty list of steps");
        }
        Map<String, Integer> names = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < stepsNode.size(); i++) {
            String at = path + ".steps[" + i + "]";
            Step step = step(stepsNode.get(i), at, names);
            if (step.absent() && i != stepsNode.size() - 1) {
                throw new CheckSyntaxException(at + ".absent", "only the last step may be absent");
            }
            if (step.as() != null) {
                if (names.containsKey(step.as())) {
                    throw new CheckSyntaxException(at + ".as", "'" + step.as() + "' already names steps[" + names.get(step.as()) + "]");
                }
                names.put(step.as(), i);
            }
            steps.add(step);
        }
        return new Check(id, title, points, hint, List.copyOf(steps));
    }

    /**
     * Reads one step on its own, with no earlier step to refer to: a prediction's {@code before},
     * which names the student's send by the same conditions a check's step uses.
     */
    static Step parseStep(JsonNode node, String path) {
        return step(node, path, Map.of());
    }

    private static Step step(JsonNode node, String path, Map<String, Integer> earlier) {
        object(node, path);
        unknownKeys(node, path, STEP_KEYS);
        String as = text(node, path, "as", false);
        String describe = text(node, path, "describe", false);
        boolean absent = false;
        if (node.has("absent")) {
            if (!node.get("absent").isBoolean()) {
                throw new CheckSyntaxException(path + ".absent", "must be true or false");
            }
            absent = node.get("absent").asBoolean();
        }
        int atLeast = node.has("atLeast") ? integer(node.get("atLeast"), path + ".atLeast", 1, 100_000) : 1;
        if (absent && (node.has("atLeast") || as != null)) {
            throw new CheckSyntaxException(path + (as != null ? ".as" : ".atLeast"), "an absent step finds no event to count or name");
        }
        Long within = node.has("withinMillis") ? (long) integer(node.get("withinMillis"), path + ".withinMillis", 0, Integer.MAX_VALUE) : null;
        JsonNode where = node.get("where");
        if (where == null || !where.isObject() || where.isEmpty()) {
            throw new CheckSyntaxException(path + ".where", "must be an object of at least one field condition");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : where.properties()) {
            String field = e.getKey();
            String at = path + ".where." + field;
            String root = field.split("\\.", 2)[0];
            if (!EVENT_FIELDS.contains(root) || field.endsWith(".") || field.contains("..")) {
                throw new CheckSyntaxException(at, "'" + field + "' is not an event field; a path starting with one of " + new java.util.TreeSet<>(EVENT_FIELDS));
            }
            JsonNode spec = e.getValue();
            if (spec.isObject() && !spec.has("ref")) {
                if (spec.isEmpty()) {
                    throw new CheckSyntaxException(at, "must name at least one operator");
                }
                for (Map.Entry<String, JsonNode> o : spec.properties()) {
                    Op op = Op.of(o.getKey(), at + "." + o.getKey());
                    conditions.add(condition(field, op, o.getValue(), at + "." + o.getKey(), earlier));
                }
            } else {
                conditions.add(condition(field, Op.EQ, spec, at, earlier));
            }
        }
        return new Step(as, describe, List.copyOf(conditions), atLeast, absent, within);
    }

    private static Condition condition(String field, Op op, JsonNode value, String path, Map<String, Integer> earlier) {
        switch (op) {
            case PRESENT -> {
                if (!value.isBoolean()) {
                    throw new CheckSyntaxException(path, "must be true or false");
                }
                return new Condition(field, op, List.of(new Operand(value, null, null, 0)));
            }
            case IN, HAS, LACKS -> {
                List<Operand> operands = new ArrayList<>();
                if (value.isArray()) {
                    if (value.isEmpty()) {
                        throw new CheckSyntaxException(path, "must list at least one value");
                    }
                    for (int i = 0; i < value.size(); i++) {
                        operands.add(operand(value.get(i), path + "[" + i + "]", earlier));
                    }
                } else {
                    operands.add(operand(value, path, earlier));
                }
                return new Condition(field, op, List.copyOf(operands));
            }
            case GT, GTE, LT, LTE -> {
                Operand o = operand(value, path, earlier);
                if (o.ref() == null && !o.literal().isNumber()) {
                    throw new CheckSyntaxException(path, "must be a number or a reference");
                }
                return new Condition(field, op, List.of(o));
            }
            default -> {
                return new Condition(field, op, List.of(operand(value, path, earlier)));
            }
        }
    }

    private static Operand operand(JsonNode value, String path, Map<String, Integer> earlier) {
        if (value.isObject()) {
            if (!value.has("ref")) {
                throw new CheckSyntaxException(path, "an object value must be a reference {\"ref\",\"field\",\"plus\"}");
            }
            unknownKeys(value, path, Set.of("ref", "field", "plus"));
            String ref = text(value, path, "ref", true);
            if (!earlier.containsKey(ref)) {
                throw new CheckSyntaxException(path + ".ref", "'" + ref + "' names no earlier step (name one with \"as\")");
            }
            String field = text(value, path, "field", true);
            if (!EVENT_FIELDS.contains(field.split("\\.", 2)[0])) {
                throw new CheckSyntaxException(path + ".field", "'" + field + "' is not an event field");
            }
            long plus = 0;
            if (value.has("plus")) {
                if (!value.get("plus").isIntegralNumber()) {
                    throw new CheckSyntaxException(path + ".plus", "must be a whole number");
                }
                plus = value.get("plus").asLong();
            }
            return new Operand(null, ref, field, plus);
        }
        if (value.isArray() || value.isNull()) {
            throw new CheckSyntaxException(path, "must be a string, number, true/false or a reference");
        }
        return new Operand(value, null, null, 0);
    }

    private static void object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new CheckSyntaxException(path, "must be an object");
        }
    }

    private static void unknownKeys(JsonNode node, String path, Set<String> known) {
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                throw new CheckSyntaxException(path + "." + key, "unknown field; known: " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String text(JsonNode node, String path, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null) {
            if (required) {
                throw new CheckSyntaxException(path + "." + key, "is required");
            }
            return null;
        }
        if (!v.isString() || v.asString().isBlank()) {
            throw new CheckSyntaxException(path + "." + key, "must be a non-empty string");
        }
        return v.asString();
    }

    private static int integer(JsonNode v, String path, int min, int max) {
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new CheckSyntaxException(path, "must be a whole number between " + min + " and " + max);
        }
        return v.asInt();
    }
}
