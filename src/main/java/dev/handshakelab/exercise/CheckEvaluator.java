package dev.handshakelab.exercise;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Evaluates a {@link Check} over a session's events, in history order, as the history API shows
 * them. Plain Java: no Spring, no session, no clock.
 *
 * <p>Each step looks after the event the previous step found. The first matching event is
 * taken; a later one is tried only when a later step could need it (it names this step's event,
 * or must come within so many milliseconds of it), so most checks read the history once. The
 * search reads at most {@link #BUDGET} events per check and fails, saying so, past that.
 */
public final class CheckEvaluator {

    /** Events read per check, at most, across every candidate tried. */
    static final long BUDGET = 20_000_000;

    /** Field paths split once: a grade looks up the same few paths in every event. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String[]> PATHS = new java.util.concurrent.ConcurrentHashMap<>();

    private static final BigDecimal SEQUENCE_SPACE = BigDecimal.valueOf(1L << 32);

    private final List<JsonNode> events;
    private long read;
    private Failure deepest;

    private CheckEvaluator(List<JsonNode> events) {
        this.events = events;
    }

    /** Grades one check against the events (in history order). */
    public static CheckResult evaluate(Check check, List<JsonNode> events) {
        CheckEvaluator e = new CheckEvaluator(events);
        List<Integer> found = e.search(check, 0, -1, new HashMap<>(), new ArrayList<>());
        if (found != null) {
            List<Long> indices = found.stream().map(i -> index(events.get(i))).toList();
            List<String> parts = new ArrayList<>();
            int f = 0;
            for (Check.Step s : check.steps()) {
                if (s.absent()) {
                    int after = found.isEmpty() ? -1 : found.get(found.size() - 1);
                    parts.add("none: " + s.label() + (after < 0 ? "" : " after event #" + index(events.get(after))));
                } else {
                    parts.add(s.label() + ": event #" + indices.get(f++));
                }
            }
            return new CheckResult(check.id(), check.title(), true, check.points(), check.points(), String.join("; then ", parts),
                    indices, null, null);
        }
        Failure why = e.deepest;
        return new CheckResult(check.id(), check.title(), false, check.points(), 0, why.text, List.of(),
                why.nearMiss, check.hint());
    }

    private record Failure(int step, String text, Long nearMiss) {}

    /** The positions of the events the steps from {@code s} on found after position {@code after}, or null. */
    private List<Integer> search(Check check, int s, int after, Map<String, JsonNode> bound, List<Integer> found) {
        if (s == check.steps().size()) {
            return found;
        }
        Check.Step step = check.steps().get(s);
        JsonNode previous = after < 0 ? null : events.get(after);
        long limitMicros = step.withinMillis() == null || previous == null ? Long.MAX_VALUE
                : previous.path("atMicros").asLong() + step.withinMillis() * 1000;
        if (step.absent()) {
            for (int i = after + 1; i < events.size() && spend(); i++) {
                JsonNode e = events.get(i);
                if (e.path("atMicros").asLong() > limitMicros) {
                    break;
                }
                if (firstFailed(step, e, bound) == null) {
                    fail(s, "event #" + index(e) + " (" + e.path("text").asString("") + ") is " + step.label()
                            + ", which should not have happened" + since(previous), index(e));
                    return null;
                }
            }
            return found;
        }
        boolean retry = needsRetry(check, s);
        int matched = 0;
        List<Long> matches = new ArrayList<>();
        for (int i = after + 1; i < events.size(); i++) {
            if (!spend()) {
                fail(Integer.MAX_VALUE, "the history is too long to search for this check (more than " + BUDGET + " event reads)", null);
                return null;
            }
            JsonNode e = events.get(i);
            if (e.path("atMicros").asLong() > limitMicros) {
                if (firstFailed(step, e, bound) == null) {
                    fail(s, "event #" + index(e) + " is " + step.label() + " but came "
                            + millis(e.path("atMicros").asLong() - previous.path("atMicros").asLong()) + " after event #"
                            + index(previous) + ", later than the " + step.withinMillis() + " ms allowed", index(e));
                    return null;
                }
                continue;
            }
            if (firstFailed(step, e, bound) != null) {
                continue;
            }
            matched++;
            matches.add(index(e));
            if (matched < step.atLeast()) {
                continue;
            }
            Map<String, JsonNode> next = bound;
            if (step.as() != null) {
                next = new HashMap<>(bound);
                next.put(step.as(), e);
            }
            List<Integer> path = new ArrayList<>(found);
            path.add(i);
            List<Integer> done = search(check, s + 1, i, next, path);
            if (done != null || !retry) {
                return done;
            }
        }
        if (matched > 0 && matched < step.atLeast()) {
            fail(s, "only " + matched + " of the " + step.atLeast() + " needed: " + step.label() + since(previous) + " (events "
                    + matches.stream().map(m -> "#" + m).toList() + ")", matches.get(matches.size() - 1));
        } else if (matched == 0 && (deepest == null || s > deepest.step)) {
            // only the deepest failure is reported: a shallower one's near miss is not searched for
            nearestMiss(s, step, after, bound, previous);
        }
        return null;
    }

    /** Whether a later step reads this step's event, so a later match might succeed where the first failed. */
    private static boolean needsRetry(Check check, int s) {
        Check.Step step = check.steps().get(s);
        for (int t = s + 1; t < check.steps().size(); t++) {
            Check.Step later = check.steps().get(t);
            if (t == s + 1 && later.withinMillis() != null) {
                return true;
            }
            for (Check.Condition c : later.where()) {
                for (Check.Operand o : c.operands()) {
                    if (o.ref() != null && o.ref().equals(step.as())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Explains a step nothing matched: the event that met most of its conditions (the latest of
     * equals; of the step's kind, if it names one), and its first unmet condition.
     */
    private void nearestMiss(int s, Check.Step step, int after, Map<String, JsonNode> bound, JsonNode previous) {
        int best = -1;
        int bestMet = 0;
        // An event of another kind is no near miss: a timer is not "almost" a state change.
        Check.Condition kind = step.where().stream().filter(c -> c.field().equals("kind")).findFirst().orElse(null);
        for (int i = after + 1; i < events.size() && spend(); i++) {
            if (kind != null && !holds(kind, events.get(i), bound)) {
                continue;
            }
            int met = 0;
            for (Check.Condition c : step.where()) {
                if (holds(c, events.get(i), bound)) {
                    met++;
                }
            }
            if (met > 0 && met >= bestMet) {
                best = i;
                bestMet = met;
            }
        }
        String text = "missing: " + step.label() + since(previous);
        if (best < 0) {
            fail(s, text, null);
            return;
        }
        JsonNode e = events.get(best);
        Check.Condition unmet = firstFailed(step, e, bound);
        JsonNode actual = field(e, unmet.field());
        fail(s, text + "; the closest is event #" + index(e) + " (" + e.path("text").asString("") + "), whose " + unmet.field() + " is "
                + (actual.isMissingNode() || actual.isNull() ? "absent" : actual.toString()) + ", not " + unmet.op().word + " "
                + expected(unmet, bound), index(e));
    }

    private String expected(Check.Condition c, Map<String, JsonNode> bound) {
        List<String> values = new ArrayList<>();
        for (Check.Operand o : c.operands()) {
            JsonNode v = value(o, bound);
            values.add(o.ref() == null ? v.toString() : v + " (" + o.text() + ")");
        }
        return values.size() == 1 ? values.get(0) : values.toString();
    }

    private void fail(int step, String text, Long nearMiss) {
        if (deepest == null || step > deepest.step) {
            deepest = new Failure(step, text, nearMiss);
        }
    }

    private boolean spend() {
        return ++read <= BUDGET;
    }

    private static String since(JsonNode previous) {
        return previous == null ? "" : " after event #" + index(previous);
    }

    private static String millis(long micros) {
        return (micros % 1000 == 0 ? String.valueOf(micros / 1000) : String.valueOf(micros / 1000.0)) + " ms";
    }

    private static long index(JsonNode e) {
        return e.path("index").asLong();
    }

    /** The step's first condition the event does not meet, or null if it meets them all. */
    private static Check.Condition firstFailed(Check.Step step, JsonNode e, Map<String, JsonNode> bound) {
        for (Check.Condition c : step.where()) {
            if (!holds(c, e, bound)) {
                return c;
            }
        }
        return null;
    }

    static boolean holds(Check.Condition c, JsonNode event, Map<String, JsonNode> bound) {
        JsonNode actual = field(event, c.field());
        boolean present = !actual.isMissingNode() && !actual.isNull();
        switch (c.op()) {
            case PRESENT:
                return present == c.operands().get(0).literal().asBoolean();
            case LACKS:
                for (Check.Operand o : c.operands()) {
                    if (present && contains(actual, value(o, bound))) {
                        return false;
                    }
                }
                return true;
            default:
                break;
        }
        if (!present) {
            return c.op() == Check.Op.NE;
        }
        switch (c.op()) {
            case EQ:
                return same(actual, value(c.operands().get(0), bound));
            case NE:
                return !same(actual, value(c.operands().get(0), bound));
            case IN:
                for (Check.Operand o : c.operands()) {
                    if (same(actual, value(o, bound))) {
                        return true;
                    }
                }
                return false;
            case HAS:
                for (Check.Operand o : c.operands()) {
                    if (!contains(actual, value(o, bound))) {
                        return false;
                    }
                }
                return true;
            default:
                JsonNode expected = value(c.operands().get(0), bound);
                if (!actual.isNumber() || !expected.isNumber()) {
                    return false;
                }
                int cmp = actual.decimalValue().compareTo(expected.decimalValue());
                return switch (c.op()) {
                    case GT -> cmp > 0;
                    case GTE -> cmp >= 0;
                    case LT -> cmp < 0;
                    default -> cmp <= 0;
                };
        }
    }

    /** A list holds the value as an element; a string holds it as a part ("text" has "retransmits"). */
    private static boolean contains(JsonNode actual, JsonNode value) {
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (same(element, value)) {
                    return true;
                }
            }
            return false;
        }
        return actual.isString() && value.isString() && actual.asString().contains(value.asString());
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /**
     * An operand's value: a literal, or the referenced event's field plus the offset. Sequence and
     * acknowledgment numbers and timestamps are 32-bit and wrap (RFC 9293 §3.4, RFC 7323 §5.2), so
     * "ISN + 1" of 4294967295 is 0.
     */
    private static JsonNode value(Check.Operand o, Map<String, JsonNode> bound) {
        if (o.ref() == null) {
            return o.literal();
        }
        JsonNode v = field(bound.get(o.ref()), o.refField());
        if (o.plus() == 0 || !v.isNumber()) {
            return v;
        }
        BigDecimal sum = v.decimalValue().add(BigDecimal.valueOf(o.plus()));
        String last = o.refField().substring(o.refField().lastIndexOf('.') + 1);
        if (List.of("seq", "ack", "tsVal", "tsEcr").contains(last)) {
            sum = sum.remainder(SEQUENCE_SPACE);
            if (sum.signum() < 0) {
                sum = sum.add(SEQUENCE_SPACE);
            }
        }
        return tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(sum.longValueExact());
    }

    /**
     * The value at a dotted path: an object's field by name, a list's element by number, or (for
     * lists of objects with a {@code kind}, like a segment's options) the first element of that
     * kind: {@code segment.options.wscale.shift}.
     */
    static JsonNode field(JsonNode event, String path) {
        JsonNode node = event;
        for (String part : PATHS.computeIfAbsent(path, p -> p.split("\\."))) {
            if (node.isArray()) {
                JsonNode next = tools.jackson.databind.node.MissingNode.getInstance();
                if (part.chars().allMatch(Character::isDigit)) {
                    next = node.path(Integer.parseInt(part));
                } else {
                    for (JsonNode element : node) {
                        if (part.equals(element.path("kind").asString(null))) {
                            next = element;
                            break;
                        }
                    }
                }
                node = next;
            } else {
                node = node.path(part);
            }
            if (node.isMissingNode()) {
                return node;
            }
        }
        return node;
    }
}
