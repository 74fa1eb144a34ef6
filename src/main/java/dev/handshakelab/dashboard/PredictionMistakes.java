package dev.handshakelab.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.handshakelab.exercise.PredictionViews;

import tools.jackson.databind.JsonNode;

/**
 * Names a wrong prediction by what the student's number was, rather than the number itself: in
 * every session the ISNs differ (RFC 9293 section 3.4.1), so "ack = 2904126411" tells the room
 * nothing, while "ack = your ISN instead of your ISN + 1" is the same mistake in every session
 * and can be counted across the class. A number is named by the first of these it equals: your
 * ISN, your ISN + 1, the server's ISN, the server's ISN + 1 (the connection's SYNs), your
 * segment's seq, seq + 1 and ack, 0; else "another number". Other fields are named by their
 * values (flags as a set, options in order, the state, whether anything came back).
 */
final class PredictionMistakes {

    private static final long SEQUENCE_SPACE = 1L << 32;

    /** An attempt's graded predictions, and each wrong answer with its label. */
    record Graded(List<String> graded, List<Wrong> wrong) {}

    /** One wrong field of a graded prediction: {@code label} is the same for the same mistake in any session. */
    record Wrong(String id, String prompt, String field, String label) {

        /** What makes two wrong answers the same mistake: the prediction, its field and the label. */
        String key() {
            return id + "/" + field + "/" + label;
        }
    }

    private PredictionMistakes() {
    }

    /** The predictions graded so far, with every wrong field named; {@code events} are the session's, at least up to each reply. */
    static Graded of(List<PredictionViews.PredictionResult> predictions, List<JsonNode> events) {
        List<String> graded = new ArrayList<>();
        List<Wrong> wrong = new ArrayList<>();
        for (PredictionViews.PredictionResult p : predictions) {
            if (!"graded".equals(p.status())) {
                continue;
            }
            graded.add(p.id());
            for (PredictionViews.PredictionFieldResult r : p.results()) {
                if (!r.correct()) {
                    wrong.add(new Wrong(p.id(), p.prompt(), r.field(), label(r, numbers(event(events, p.send()), events))));
                }
            }
        }
        return new Graded(graded, wrong);
    }

    /** The largest history index any graded prediction's reply or send has: the events needed to name its mistakes. */
    static long eventsNeeded(List<PredictionViews.PredictionResult> predictions) {
        long max = -1;
        for (PredictionViews.PredictionResult p : predictions) {
            if ("graded".equals(p.status()) && p.results().stream().anyMatch(r -> !r.correct())) {
                max = Math.max(max, Math.max(p.send() == null ? -1 : p.send(), p.reply() == null ? -1 : p.reply()));
            }
        }
        return max + 1;
    }

    private static JsonNode event(List<JsonNode> events, Long index) {
        if (index == null) {
            return null;
        }
        for (JsonNode e : events) {
            if (e.path("index").asLong(-1) == index) {
                return e;
            }
        }
        return null;
    }

    /** The label of a wrong field; {@code names} are the numbers a number is named by, in order (see {@link #numbers}). */
    static String label(PredictionViews.PredictionFieldResult r, Map<String, Long> names) {
        String field = r.field();
        Object predicted = r.predicted();
        Object actual = r.actual();
        String instead = actual == null ? ", but nothing came back" : null;
        switch (field) {
            case "seq", "ack" -> {
                String said = name(number(predicted), names);
                return field + " = " + said + (instead != null ? instead : " instead of " + name(number(actual), names));
            }
            case "flags" -> {
                return "flags = " + set(predicted) + (instead != null ? instead : " instead of " + set(actual));
            }
            case "options" -> {
                return "options = " + list(predicted) + (instead != null ? instead : " instead of " + list(actual));
            }
            case "nothing" -> {
                return Boolean.TRUE.equals(predicted) ? "nothing comes back, but the reply did" : "a reply comes back, but nothing did";
            }
            default -> {
                // state, window: their values mean the same in every session
                return field + " = " + predicted + (instead != null ? instead : " instead of " + actual);
            }
        }
    }

    /**
     * The numbers a student's number is compared with, in the order they are tried: the ISNs are
     * the seqs of the first SYN each side sent on the send's connection (the server's, if it sent
     * one at all, may come after the send: the reply to a SYN).
     */
    static Map<String, Long> numbers(JsonNode send, List<JsonNode> events) {
        Map<String, Long> names = new LinkedHashMap<>();
        if (send == null) {
            return names;
        }
        Long client = isn(events, send, "client");
        Long server = isn(events, send, "server");
        if (client != null) {
            names.put("your ISN", client);
            names.put("your ISN + 1", client + 1);
        }
        if (server != null) {
            names.put("the server's ISN", server);
            names.put("the server's ISN + 1", server + 1);
        }
        JsonNode segment = send.path("segment");
        names.put("your seq", segment.path("seq").asLong());
        names.put("your seq + 1", segment.path("seq").asLong() + 1);
        if (segment.has("ack")) {
            names.put("your ack", segment.path("ack").asLong());
        }
        names.put("0", 0L);
        return names;
    }

    private static Long isn(List<JsonNode> events, JsonNode send, String host) {
        String connection = send.path("connection").asString("");
        for (JsonNode e : events) {
            if ("segment-sent".equals(e.path("kind").asString("")) && host.equals(e.path("host").asString(""))
                    && connection.equals(e.path("connection").asString(""))) {
                for (JsonNode f : e.path("segment").path("flags")) {
                    if ("SYN".equals(f.asString())) {
                        return e.path("segment").path("seq").asLong();
                    }
                }
            }
        }
        return null;
    }

    private static String name(Long value, Map<String, Long> names) {
        if (value == null) {
            return "nothing";
        }
        for (Map.Entry<String, Long> n : names.entrySet()) {
            if (Math.floorMod(n.getValue(), SEQUENCE_SPACE) == Math.floorMod(value, SEQUENCE_SPACE)) {
                return n.getKey();
            }
        }
        return "another number";
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    private static String set(Object o) {
        return o instanceof List<?> l ? (l.isEmpty() ? "none" : String.join(", ", new TreeSet<>(l.stream().map(String::valueOf).toList())))
                : String.valueOf(o);
    }

    private static String list(Object o) {
        return o instanceof List<?> l ? (l.isEmpty() ? "none" : String.join(", ", l.stream().map(String::valueOf).toList()))
                : String.valueOf(o);
    }
}
