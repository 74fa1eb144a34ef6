package dev.handshakelab.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.handshakelab.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes requests for every operation an OpenAPI document describes, from the document alone:
 * its paths, methods, parameters with their bounds and patterns, request body schemas and
 * examples. Some requests are what a careful client sends; most are bent the way a hostile one
 * bends them (values out of range, wrong JSON types, fields missing or unknown, broken hex,
 * bad escapes and characters Tomcat refuses, odd media types and methods, truncated JSON).
 *
 * <p>Path and query parameters take real values where the API has handed them out: a path
 * parameter takes the ids its collection lists or creates ({@code {id}} after
 * {@code /api/v1/sessions}, {@code {connectionId}} after {@code .../connections}), and is
 * forgotten once it answers 404; a query parameter takes values of fields of its name in any
 * answer. So a session created by one request is used by later ones. Nothing here names an
 * endpoint, so an operation added later is fuzzed without changing this class.
 *
 * <p>Numbers a valid request carries are kept small (a few dozen at most): an accepted flood of
 * the maximum size is slow by design, and what is fuzzed here is the answer, not the budget.
 */
final class OpenApiRequests {

    /** One request as bytes on the wire, and the operation it was made for. */
    record FuzzRequest(Operation operation, String method, String target, Map<String, String> headers, byte[] body,
            Map<String, String> pathValues) {

        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + target + " " + headers + (text.isEmpty() ? "" : " " + (text.length() > 600 ? text.substring(0, 600) + "..." : text));
        }
    }

    record Operation(String method, String path, List<JsonNode> parameters, JsonNode bodySchema) {
        String name() {
            return method + " " + path;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}]+)}");
    private static final Pattern LITERALS = Pattern.compile("[A-Za-z0-9-]+(\\|[A-Za-z0-9-]+)*");
    private static final int SMALL = 50;
    private static final int POOL_SIZE = 64;

    /** Path segments that break URI or HTTP rules, or name nothing. */
    private static final List<String> HOSTILE_SEGMENTS = List.of("{", "}", "%00", "%zz", "%", "..", ".", "%2F", "%2e%2e", "%5C",
            "\\", "|", "\"", "<x>", "a b", "٣", "€", "%C0%AF", "%FF", ";x=1", "a;b", "x".repeat(3000), "", "null", "-1",
            "00000000-0000-0000-0000-000000000000", "%E2%82%AC", "^", "`", "#", "?");
    /** Query values that are not the number or string a parameter wants, or not even percent-encoded right. */
    private static final List<String> HOSTILE_VALUES = List.of("-1", "0", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "1e400", "1.5", "٣", "１２", "%zz", "%", "%f", "%ff", "%C0%80", "",
            "abc", "+1", "%2B1", "0x10", " 1", "%201", "true", "null", "[]", "{}", "%00", "x".repeat(5000), "\u00e9");
    private static final List<String> CONTENT_TYPES = List.of("*/*", "application/*", "*/json", "text/plain", "text/json",
            "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
            "application/json; charset=nope", "application/json/x", "a/b/c", ";", "", "application/problem+json",
            "application/merge-patch+json", "APPLICATION/JSON", "application/json;;", "application/json; q");
    private static final List<String> ACCEPTS = List.of("text/html", "application/xml", "*/*;q=x", "application/problem+json",
            "garbage", "text/*", "application/json;q=0", "", "image/png, */*;q=0");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
            "FOO", "PROPFIND", "G{T");
    /** JSON values of every type, for a field that wants another. */
    private static final List<JsonNode> WRONG_VALUES = List.of(NODES.stringNode("x"), NODES.stringNode(""),
            NODES.stringNode("٣٣"), NODES.numberNode(new BigDecimal("1.5")), NODES.numberNode(-1), NODES.numberNode(0),
            NODES.numberNode(new BigInteger("4294967296")), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode(new BigInteger("99999999999999999999999")), NODES.numberNode(new BigDecimal("1e400")),
            NODES.booleanNode(true), NODES.nullNode(), NODES.objectNode(), NODES.arrayNode(),
            NODES.arrayNode().add(NODES.objectNode()), NODES.stringNode("%zz"), NODES.stringNode("\u0000"));

    private final JsonNode doc;
    private final List<Operation> operations = new ArrayList<>();
    /** Example values the document gives, by property name: the document's own idea of a valid value. */
    private final Map<String, List<JsonNode>> examples = new LinkedHashMap<>();
    /** Values seen in answers for query parameters, by name, from any answer. */
    private final Map<String, List<String>> seen = new ConcurrentHashMap<>();
    /**
     * Values for path parameters, by the path up to the parameter ({@code /api/v1/sessions/{id}}):
     * the ids the collection before it ({@code /api/v1/sessions}) hands out, as REST paths go.
     */
    private final Map<String, List<String>> pathPools = new ConcurrentHashMap<>();

    OpenApiRequests(JsonNode doc) {
        this.doc = doc;
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                return;
            }
            List<JsonNode> parameters = new ArrayList<>();
            op.getValue().path("parameters").forEach(parameters::add);
            path.getValue().path("parameters").forEach(parameters::add);
            JsonNode body = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
            operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), parameters, body.isMissingNode() ? null : body));
        }));
        collectExamples(doc);
        for (Operation op : operations) {
            for (JsonNode p : op.parameters()) {
                if ("query".equals(p.path("in").asString())) {
                    seen.putIfAbsent(p.path("name").asString(), new CopyOnWriteArrayList<>());
                }
            }
            Matcher m = TEMPLATE.matcher(op.path());
            while (m.find()) {
                pathPools.putIfAbsent(op.path().substring(0, m.end()), new CopyOnWriteArrayList<>());
            }
        }
    }

    List<Operation> operations() {
        return operations;
    }

    /**
     * Remembers what an answer hands out: the ids a collection lists or creates, for the paths
     * below it, and values of fields named like a query parameter (connection, kind, ...).
     */
    void learn(Operation op, JsonNode answer) {
        pathPools.forEach((prefix, values) -> {
            String collection = prefix.substring(0, prefix.lastIndexOf("/{"));
            String name = prefix.substring(prefix.lastIndexOf("/{") + 2, prefix.length() - 1);
            if (op.path().equals(collection)) {
                ids(answer, name, 0, values);
            }
        });
        learn(answer, 0);
    }

    /** The ids of what a collection answer holds: its own, or its items' (a page's items, a list), not ids nested deeper. */
    private static void ids(JsonNode node, String name, int depth, List<String> into) {
        if (node.isObject()) {
            for (String field : List.of("id", name)) {
                if (node.path(field).isString()) {
                    remember(into, node.get(field).asString());
                }
            }
            if (depth == 0) {
                node.properties().forEach(e -> {
                    if (e.getValue().isArray()) {
                        ids(e.getValue(), name, 1, into);
                    }
                });
            }
        } else if (node.isArray() && depth <= 1) {
            for (JsonNode item : node) {
                if (item.isObject()) {
                    ids(item, name, 2, into);
                }
            }
        }
    }

    private void learn(JsonNode node, int depth) {
        if (depth > 4 || node == null) {
            return;
        }
        if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node) {
                if (i++ > 20) {
                    break;
                }
                learn(item, depth + 1);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                List<String> values = seen.get(field.getKey());
                if (values != null && field.getValue().isString() && field.getValue().asString().length() < 200) {
                    remember(values, field.getValue().asString());
                }
                learn(field.getValue(), depth + 1);
            }
        }
    }

    /**
     * Forgets the values a request took from answers when the API says there is nothing there
     * (a deleted session, an id that names something else), so that most requests reach the
     * code behind the lookup; a value still in use is learnt again from the next answer.
     */
    void forget(FuzzRequest request) {
        request.pathValues().forEach((prefix, value) -> pathPools.getOrDefault(prefix, new ArrayList<>()).remove(value));
    }

    private static void remember(List<String> values, String value) {
        if (values.contains(value)) {
            return;
        }
        if (values.size() >= POOL_SIZE) {
            values.remove(0);
        }
        values.add(value);
    }

    FuzzRequest next(Random random) {
        return request(operations.get(random.nextInt(operations.size())), random, random.nextInt(10) < 6);
    }

    /** A request for this operation as a careful client sends it. */
    FuzzRequest careful(Operation op, Random random) {
        return request(op, random, false);
    }

    private FuzzRequest request(Operation op, Random random, boolean hostile) {
        String method = hostile && random.nextInt(20) == 0 ? pick(random, METHODS) : op.method();
        Map<String, String> pathValues = new LinkedHashMap<>();
        StringBuilder target = new StringBuilder(path(op, random, hostile, pathValues));
        String query = query(op, random, hostile);
        if (!query.isEmpty()) {
            target.append('?').append(query);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        if (op.bodySchema() != null || (hostile && random.nextInt(20) == 0)) {
            body = body(op, random, hostile);
            headers.put("Content-Type", hostile && random.nextInt(8) == 0 ? pick(random, CONTENT_TYPES) : "application/json");
            if (hostile && random.nextInt(30) == 0) {
                headers.remove("Content-Type");
            }
        }
        if (hostile && random.nextInt(10) == 0) {
            headers.put("Accept", pick(random, ACCEPTS));
        }
        return new FuzzRequest(op, method, target.toString(), headers, body, pathValues);
    }

    private String path(Operation op, Random random, boolean hostile, Map<String, String> used) {
        Matcher m = TEMPLATE.matcher(op.path());
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String prefix = op.path().substring(0, m.end());
            List<String> known = pathPools.getOrDefault(prefix, List.of());
            String value;
            if (hostile && random.nextInt(3) == 0) {
                value = random.nextBoolean() ? pick(random, HOSTILE_SEGMENTS) : UUID.randomUUID().toString();
            } else if (!known.isEmpty()) {
                String chosen = pick(random, known);
                used.put(prefix, chosen);
                value = encodePath(chosen);
            } else {
                value = encodePath(randomText(random, 1, 12));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String query(Operation op, Random random, boolean hostile) {
        List<String> pairs = new ArrayList<>();
        for (JsonNode p : op.parameters()) {
            if (!"query".equals(p.path("in").asString()) || random.nextBoolean()) {
                continue;
            }
            String name = p.path("name").asString();
            String value = hostile && random.nextInt(3) == 0 ? pick(random, HOSTILE_VALUES) : encodeQuery(queryValue(name, p.path("schema"), random));
            pairs.add(name + "=" + value);
        }
        if (hostile && random.nextInt(10) == 0) {
            pairs.add(pick(random, List.of("zzz=1", "%zz=1", "=", "&", "a", "page=1&page=2", "size=%ff", "x=" + "y".repeat(2000))));
        }
        return String.join("&", pairs);
    }

    private String queryValue(String name, JsonNode schema, Random random) {
        List<String> known = seen.getOrDefault(name, List.of());
        if (!known.isEmpty() && random.nextInt(3) > 0) {
            return pick(random, known);
        }
        JsonNode value = valid(resolve(schema), name, random, 0);
        return value.isString() ? value.asString() : value.toString();
    }

    private byte[] body(Operation op, Random random, boolean hostile) {
        JsonNode schema = op.bodySchema() == null ? NODES.objectNode() : op.bodySchema();
        JsonNode value = valid(schema, "$", random, 0);
        if (!hostile) {
            return bytes(value);
        }
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            value = mutate(value, random);
        }
        byte[] json = bytes(value);
        return switch (random.nextInt(12)) {
            case 0 -> truncate(json, random);
            case 1 -> pick(random, List.of("", "null", "[]", "{", "}", "[", "\"", "{\"a\":}", "{,}", "{\"a\":1,}", "nul", "0", "-",
                    "\u0000", "{\"a\":\"\\ud800\"}", "{\"a\":1}{\"b\":2}", "[".repeat(2000), "{\"a\":" .repeat(600) + "1"))
                    .getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[] {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'};
            default -> json;
        };
    }

    /** A value of the schema, as a careful client would send it (with the numbers kept small). */
    JsonNode valid(JsonNode schemaOrRef, String name, Random random, int depth) {
        JsonNode schema = resolve(schemaOrRef);
        List<JsonNode> documented = examples.getOrDefault(name, List.of());
        if (schema.has("example") && random.nextInt(depth == 0 ? 2 : 3) == 0) {
            return shrinkNumbers(schema.get("example").deepCopy());
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size())).deepCopy();
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (schema.has(choice) && schema.get(choice).size() > 0) {
                JsonNode option = schema.get(choice).get(random.nextInt(schema.get(choice).size()));
                return valid(option, name, random, depth + 1);
            }
        }
        if (schema.has("discriminator") && !schema.has("allOf")) {
            return subtype(schemaOrRef, schema, random, depth);
        }
        String type = schema.path("type").asString(schema.has("properties") || schema.has("allOf") ? "object" : "string");
        switch (type) {
            case "object" -> {
                if (depth > 6) {
                    return NODES.objectNode();
                }
                ObjectNode object = NODES.objectNode();
                List<String> required = new ArrayList<>();
                Map<String, JsonNode> properties = new LinkedHashMap<>();
                collectProperties(schema, properties, required);
                properties.forEach((property, propertySchema) -> {
                    if (required.contains(property) ? random.nextInt(20) > 0 : random.nextBoolean()) {
                        object.set(property, valid(propertySchema, property, random, depth + 1));
                    }
                });
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int min = schema.path("minItems").asInt(0);
                int max = Math.min(schema.path("maxItems").asInt(min + 3), min + 3);
                int n = min + random.nextInt(Math.max(1, max - min + 1));
                for (int i = 0; i < n && depth <= 6; i++) {
                    array.add(valid(schema.path("items"), name, random, depth + 1));
                }
                return array;
            }
            case "integer" -> {
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : 0;
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : Long.MAX_VALUE;
                long top = Math.min(max, min + SMALL);
                if (!documented.isEmpty() && random.nextInt(3) == 0 && documented.get(0).isIntegralNumber()
                        && documented.get(0).canConvertToLong() && documented.get(0).asLong() <= top) {
                    return pick(random, documented).deepCopy();
                }
                return NODES.numberNode(min + (long) (random.nextDouble() * (top - min + 1)));
            }
            case "number" -> {
                double min = schema.path("minimum").asDouble(0);
                double max = schema.path("maximum").asDouble(min + 1);
                return NODES.numberNode(BigDecimal.valueOf(min + random.nextDouble() * (max - min)));
            }
            case "boolean" -> {
                return NODES.booleanNode(random.nextBoolean());
            }
            default -> {
                return NODES.stringNode(string(schema, name, documented, random));
            }
        }
    }

    private String string(JsonNode schema, String name, List<JsonNode> documented, Random random) {
        List<JsonNode> strings = documented.stream().filter(JsonNode::isString).toList();
        if (!strings.isEmpty() && random.nextInt(4) > 0) {
            return pick(random, strings).asString();
        }
        if (name.endsWith("Hex")) {
            byte[] bytes = new byte[random.nextInt(8)];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }
        String pattern = schema.path("pattern").asString(null);
        if (pattern != null && LITERALS.matcher(pattern).matches()) {
            return pick(random, List.of(pattern.split("\\|")));
        }
        int min = schema.path("minLength").asInt(1);
        int max = Math.min(schema.path("maxLength").asInt(12), 12);
        String text = randomText(random, min, Math.max(min, max));
        try {
            if (pattern != null && !Pattern.compile(pattern).matcher(text).matches()) {
                text = randomLower(random, min, Math.max(min, max));
            }
        } catch (PatternSyntaxException e) {
            // not a Java regular expression: the random text will do
        }
        return text;
    }

    /** A subtype of a base schema with a discriminator: from its mapping, or the schemas that extend it. */
    private JsonNode subtype(JsonNode ref, JsonNode base, Random random, int depth) {
        String property = base.path("discriminator").path("propertyName").asString();
        String baseRef = ref.path("$ref").asString("");
        Map<String, String> mapping = new LinkedHashMap<>();
        base.path("discriminator").path("mapping").properties().forEach(e -> mapping.put(e.getValue().asString(), e.getKey()));
        List<String> subtypes = new ArrayList<>(mapping.keySet());
        doc.path("components").path("schemas").properties().forEach(e -> {
            for (JsonNode part : e.getValue().path("allOf")) {
                String r = "#/components/schemas/" + e.getKey();
                if (part.path("$ref").asString("").equals(baseRef) && !subtypes.contains(r)) {
                    subtypes.add(r);
                }
            }
        });
        if (subtypes.isEmpty()) {
            return NODES.objectNode().put(property, randomText(random, 1, 8));
        }
        String chosen = pick(random, subtypes);
        JsonNode value = valid(NODES.objectNode().put("$ref", chosen), property, random, depth + 1);
        if (value.isObject()) {
            String schemaName = chosen.substring(chosen.lastIndexOf('/') + 1);
            List<JsonNode> documented = examples.getOrDefault(property, List.of());
            String id = mapping.containsKey(chosen) ? mapping.get(chosen)
                    : !documented.isEmpty() && random.nextInt(3) == 0 ? pick(random, documented).asString()
                    : random.nextBoolean() ? schemaName : Character.toLowerCase(schemaName.charAt(0)) + schemaName.substring(1);
            ((ObjectNode) value).put(property, id);
        }
        return value;
    }

    private void collectProperties(JsonNode schemaOrRef, Map<String, JsonNode> properties, List<String> required) {
        JsonNode schema = resolve(schemaOrRef);
        for (JsonNode part : schema.path("allOf")) {
            collectProperties(part, properties, required);
        }
        schema.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue()));
        schema.path("required").forEach(r -> required.add(r.asString()));
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema == null || schema.isMissingNode() ? NODES.objectNode() : schema;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            String ref = current.get("$ref").asString();
            JsonNode target = doc.at(ref.substring(1));
            if (target.isMissingNode()) {
                return NODES.objectNode();
            }
            current = target;
        }
        return current;
    }

    /** Bends one place of a JSON value: a wrong type, a field taken out or added, a huge string, broken hex. */
    private JsonNode mutate(JsonNode value, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        containers(value, containers);
        if (containers.isEmpty() || random.nextInt(15) == 0) {
            return pick(random, WRONG_VALUES).deepCopy();
        }
        JsonNode container = pick(random, containers);
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>(object.propertyNames());
            String name = names.isEmpty() ? randomText(random, 1, 8) : pick(random, names);
            switch (random.nextInt(7)) {
                case 0 -> object.remove(name);
                case 1 -> object.put(randomText(random, 1, 10), 1);
                case 2 -> object.put(name, "a".repeat(pick(random, List.of(200, 5000, 150_000, 300_000))));
                case 3 -> object.put(name, pick(random, List.of("٣٣", "zz", "abc", "１２", "0g", "ab:cd", "a b", "\u0000\u0000")));
                case 4 -> object.set(name, outOfRange(object.get(name), random));
                default -> object.set(name, pick(random, WRONG_VALUES).deepCopy());
            }
        } else if (container instanceof ArrayNode array) {
            if (array.isEmpty() || random.nextBoolean()) {
                for (int i = random.nextInt(3) == 0 ? 50 : 1; i > 0; i--) {
                    array.add(pick(random, WRONG_VALUES).deepCopy());
                }
            } else {
                array.set(random.nextInt(array.size()), pick(random, WRONG_VALUES).deepCopy());
            }
        }
        return value;
    }

    private static JsonNode outOfRange(JsonNode current, Random random) {
        long given = current != null && current.isIntegralNumber() && current.canConvertToLong() ? current.asLong() : 0;
        return pick(random, List.<JsonNode>of(NODES.numberNode(-1), NODES.numberNode(given + 65_536),
                NODES.numberNode(4_294_967_296L), NODES.numberNode(Integer.MAX_VALUE + 1L), NODES.numberNode(Long.MIN_VALUE),
                NODES.numberNode(new BigInteger("18446744073709551616")), NODES.numberNode(new BigDecimal("-0.5"))));
    }

    private static void containers(JsonNode node, List<JsonNode> into) {
        if (node.isContainer()) {
            into.add(node);
            for (JsonNode child : node) {
                containers(child, into);
            }
        }
    }

    /** An example with its large numbers made small: a documented flood of a million SYNs is valid, and slow. */
    private static JsonNode shrinkNumbers(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : new ArrayList<>(object.propertyNames())) {
                JsonNode child = object.get(name);
                if (child.isIntegralNumber() && (!child.canConvertToLong() || child.asLong() > SMALL) && !name.toLowerCase().contains("port")
                        && !name.toLowerCase().contains("seq") && !name.toLowerCase().contains("ack")) {
                    object.put(name, child.asString().length() % SMALL + 1);
                } else {
                    shrinkNumbers(child);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(OpenApiRequests::shrinkNumbers);
        }
        return node;
    }

    private void collectExamples(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("example") || e.getKey().equals("examples")) {
                    harvest(e.getValue(), 0);
                }
                collectExamples(e.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(this::collectExamples);
        }
    }

    private void harvest(JsonNode example, int depth) {
        if (depth > 8) {
            return;
        }
        if (example.isObject()) {
            example.properties().forEach(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    List<JsonNode> values = examples.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                    if (!values.contains(e.getValue())) {
                        values.add(e.getValue());
                    }
                }
                harvest(e.getValue(), depth + 1);
            });
        } else if (example.isArray()) {
            example.forEach(item -> harvest(item, depth + 1));
        }
    }

    private static byte[] truncate(byte[] json, Random random) {
        byte[] cut = new byte[random.nextInt(Math.max(1, json.length))];
        System.arraycopy(json, 0, cut, 0, cut.length);
        return cut;
    }

    private static byte[] bytes(JsonNode value) {
        return Api.json().writeValueAsBytes(value);
    }

    private static String encodePath(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodeQuery(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String randomText(Random random, int min, int max) {
        // no '.': random text must never spell a package name such as "java." that the answers are checked for
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:";
        StringBuilder sb = new StringBuilder();
        int n = min + random.nextInt(Math.max(1, max - min + 1));
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String randomLower(Random random, int min, int max) {
        StringBuilder sb = new StringBuilder();
        int n = min + random.nextInt(Math.max(1, max - min + 1));
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
