package dev.handshakelab.exercise;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Grades a prediction against the stored history, field by field. The send it predicts is the
 * first event that meets the prediction's {@code before}; what answers it is read from the
 * events on the same connection after it, up to the student's next send there:
 * <ul>
 * <li>the reply: the server's first segment sent as a first transmission (a timer's resend of
 * an earlier segment is not an answer);</li>
 * <li>whether it came back: the client received it, or a box on the path dropped it first;</li>
 * <li>the state: where the server's connection went at the instant the send reached it, else
 * where it already was, else CLOSED (no connection: RFC 9293 §3.3.2's fictional state).</li>
 * </ul>
 * A send still on its way (a path with delay) is not graded until the clock lets it arrive.
 * Plain Java over the history's JSON, as {@link CheckEvaluator}.
 */
final class PredictionGrader {

    private static final long SEQUENCE_SPACE = 1L << 32;

    /** Option kinds as the history writes them, by the names a student may type. */
    private static final Map<String, String> OPTION_NAMES = Map.ofEntries(Map.entry("mss", "mss"), Map.entry("sackok", "sackOK"),
            Map.entry("sack-permitted", "sackOK"), Map.entry("timestamps", "timestamps"), Map.entry("ts", "timestamps"),
            Map.entry("wscale", "wscale"), Map.entry("windowscale", "wscale"), Map.entry("sack", "sack"),
            Map.entry("fastopen", "fastOpen"), Map.entry("unknown", "unknown"));

    /** Where the negotiated event explains each option. */
    private static final Map<String, String> NEGOTIATION_OF = Map.of("mss", "mss", "wscale", "windowScale", "sackOK", "sack",
            "timestamps", "timestamps");

    static final Set<String> FLAGS = Set.of("SYN", "ACK", "RST", "FIN", "PSH", "URG", "ECE", "CWR");
    static final Set<String> STATES = Set.of("CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED");

    private PredictionGrader() {
    }

    /** A prediction as stored: what the student said, the step it was made before, and the events stored then. */
    record Stored(PredictionViews.PredictionRequest predicted, int beforeStep, long eventsBefore) {}

    /** The option kind a student's name stands for, or null if it names none. */
    static String optionKind(String name) {
        return OPTION_NAMES.get(name.strip().toLowerCase(Locale.ROOT));
    }

    /** The position in {@code events} of the send {@code before} names: the first event meeting its conditions; -1 if none yet. */
    static int sendOf(Prediction p, List<JsonNode> events) {
        for (int i = 0; i < events.size(); i++) {
            if (meets(p.before(), events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean meets(Check.Step step, JsonNode event) {
        for (Check.Condition c : step.where()) {
            if (!CheckEvaluator.holds(c, event, Map.of())) {
                return false;
            }
        }
        return true;
    }

    /** Every prediction of the exercise, in its order, graded over the session's whole history. */
    static List<PredictionViews.PredictionResult> gradeAll(Exercise exercise, Map<String, Stored> stored, List<JsonNode> events) {
        return exercise.predictions().stream().map(p -> grade(p, stored.get(p.id()), events)).toList();
    }

    static PredictionViews.PredictionResult grade(Prediction p, Stored stored, List<JsonNode> events) {
        int at = sendOf(p, events);
        String label = p.before().label();
        Long sendIndex = at < 0 ? null : index(events.get(at));
        if (stored == null) {
            return at < 0
                    ? result(p, null, "open", null, null, List.of(), "not made yet: predict before " + label)
                    : result(p, null, "missed", sendIndex, null, List.of(), label + " was sent (event #" + sendIndex
                            + ") without a prediction; a prediction can only be made before the send it predicts");
        }
        if (at < 0) {
            return result(p, stored, "waiting", null, null, List.of(), "made before step " + stored.beforeStep()
                    + "; it is graded once you send " + label);
        }
        if (sendIndex < stored.eventsBefore()) {
            // The API refuses this; a grade still never trusts that it did.
            return result(p, stored, "missed", sendIndex, null, List.of(), "stored after " + label + " (event #" + sendIndex
                    + ") was sent: a prediction after the send is not graded");
        }
        Outcome o = Outcome.of(events, at);
        boolean fateNeeded = p.fields().contains(Prediction.Field.NOTHING) || Boolean.TRUE.equals(stored.predicted().nothingComesBack());
        if (o.receipt == null && o.inboundDrop == null && o.reply == null) {
            return result(p, stored, "in-flight", sendIndex, null, List.of(), label + " (event #" + sendIndex
                    + ") has not reached the server yet: advance the clock to let it arrive");
        }
        if (fateNeeded && o.reply != null && o.back == null && o.backDrop == null) {
            return result(p, stored, "in-flight", sendIndex, index(o.reply), List.of(), "the server's answer (event #" + index(o.reply)
                    + ") has not reached you yet: advance the clock to let it arrive");
        }
        List<PredictionViews.PredictionFieldResult> results = new ArrayList<>();
        PredictionViews.PredictionRequest said = stored.predicted();
        if (Boolean.TRUE.equals(said.nothingComesBack())) {
            results.add(nothing(true, o));
            if (p.fields().contains(Prediction.Field.STATE)) {
                results.add(state(said.state(), o, events, at));
            }
        } else {
            for (Prediction.Field f : p.fields()) {
                results.add(switch (f) {
                    case NOTHING -> nothing(false, o);
                    case STATE -> state(said.state(), o, events, at);
                    default -> o.reply == null ? noReply(f, said, o, label) : ofSegment(f, said, o);
                });
            }
        }
        return result(p, stored, "graded", sendIndex, o.reply == null ? null : index(o.reply), results, null);
    }

    private static PredictionViews.PredictionResult result(Prediction p, Stored stored, String status, Long send, Long reply,
            List<PredictionViews.PredictionFieldResult> results, String explanation) {
        long right = results.stream().filter(PredictionViews.PredictionFieldResult::correct).count();
        int earned = results.isEmpty() ? 0 : (int) (p.points() * right / results.size());
        if (explanation == null) {
            explanation = right + " of " + results.size() + " right" + (p.explain() == null ? "" : ". " + p.explain());
        }
        return new PredictionViews.PredictionResult(p.id(), p.prompt(), p.before().label(), p.fields().stream().map(f -> f.json).toList(),
                p.points(), earned, status, stored == null ? null : stored.beforeStep(), stored == null ? null : stored.predicted(), send,
                reply, results, explanation);
    }

    // ------------------------------------------------------------------ what answered the send

    /** The events that answer the send at {@code at}, on its connection, up to the student's next send there. */
    private static final class Outcome {
        JsonNode send;
        JsonNode receipt;
        JsonNode inboundDrop;
        JsonNode reply;
        JsonNode negotiated;
        JsonNode back;
        JsonNode backDrop;
        JsonNode stateChange;

        static Outcome of(List<JsonNode> events, int at) {
            Outcome o = new Outcome();
            o.send = events.get(at);
            String connection = o.send.path("connection").asString("");
            if (isServer(o.send) && "segment-received".equals(kind(o.send))) {
                o.receipt = o.send;
            }
            for (int i = at + 1; i < events.size(); i++) {
                JsonNode e = events.get(i);
                if (!connection.equals(e.path("connection").asString(""))) {
                    continue;
                }
                String kind = kind(e);
                if (kind.equals(kind(o.send)) && e.path("host").equals(o.send.path("host"))) {
                    break; // the student's next send on this connection: what follows answers that one
                }
                String sender = e.path("segment").path("sender").asString("");
                switch (kind) {
                    case "segment-received" -> {
                        if (isServer(e) && o.receipt == null && "client".equals(sender)) {
                            o.receipt = e;
                        } else if (!isServer(e) && o.reply != null && o.back == null && o.backDrop == null && "server".equals(sender)) {
                            o.back = e;
                        }
                    }
                    case "segment-dropped" -> {
                        if ("client".equals(sender) && o.receipt == null && o.inboundDrop == null) {
                            o.inboundDrop = e;
                        } else if ("server".equals(sender) && o.reply != null && o.back == null && o.backDrop == null) {
                            o.backDrop = e;
                        }
                    }
                    case "segment-sent" -> {
                        if (isServer(e) && o.reply == null && e.path("segment").path("retransmission").asLong(0) == 0) {
                            o.reply = e;
                        }
                    }
                    case "negotiated" -> {
                        if (isServer(e) && o.reply == null) {
                            o.negotiated = e;
                        }
                    }
                    case "state-changed" -> {
                        // caused by the send: the server's change at the very instant the send reached it
                        if (isServer(e) && o.receipt != null && e.path("atMicros").asLong() == o.receipt.path("atMicros").asLong()) {
                            o.stateChange = e;
                        }
                    }
                    default -> {
                    }
                }
            }
            return o;
        }

        boolean cameBack() {
            return reply != null && back != null;
        }
    }

    private static boolean isServer(JsonNode e) {
        return "server".equals(e.path("host").asString(""));
    }

    private static String kind(JsonNode e) {
        return e.path("kind").asString("");
    }

    private static long index(JsonNode e) {
        return e.path("index").asLong();
    }

    // ------------------------------------------------------------------ fields

    private static PredictionViews.PredictionFieldResult nothing(boolean predicted, Outcome o) {
        boolean nothing = !o.cameBack();
        String why;
        if (o.reply == null) {
            why = "the server sent nothing in answer" + (o.inboundDrop == null ? "" : ": " + o.inboundDrop.path("text").asString()
                    + " (event #" + index(o.inboundDrop) + ")");
        } else if (nothing) {
            why = "the server answered with " + summary(o.reply) + " (event #" + index(o.reply) + "), but it never reached you: "
                    + o.backDrop.path("text").asString() + " (event #" + index(o.backDrop) + ")";
        } else {
            why = "the server answered with " + summary(o.reply) + " (event #" + index(o.reply) + ") and it reached you (event #"
                    + index(o.back) + ")";
        }
        return new PredictionViews.PredictionFieldResult("nothing", predicted, nothing, predicted == nothing, why);
    }

    private static PredictionViews.PredictionFieldResult noReply(Prediction.Field f, PredictionViews.PredictionRequest said, Outcome o, String label) {
        return new PredictionViews.PredictionFieldResult(f.json, predictedOf(f, said), null, false, "nothing came back: the server sent no answer to "
                + label + (o.inboundDrop == null ? "" : " (" + o.inboundDrop.path("text").asString() + ")"));
    }

    private static Object predictedOf(Prediction.Field f, PredictionViews.PredictionRequest said) {
        return switch (f) {
            case SEQ -> said.seq();
            case ACK -> said.ack();
            case WINDOW -> said.window();
            case FLAGS -> said.flags();
            case OPTIONS -> said.options();
            case STATE -> said.state();
            default -> said.nothingComesBack();
        };
    }

    private static PredictionViews.PredictionFieldResult ofSegment(Prediction.Field f, PredictionViews.PredictionRequest said, Outcome o) {
        JsonNode reply = o.reply.path("segment");
        JsonNode sent = o.send.path("segment");
        String at = " (event #" + index(o.reply) + ")";
        switch (f) {
            case ACK -> {
                long actual = reply.path("ack").asLong();
                return numeric(f, said.ack(), actual, ackReason(actual, reply, sent) + at);
            }
            case SEQ -> {
                long actual = reply.path("seq").asLong();
                return numeric(f, said.seq(), actual, seqReason(actual, reply, sent) + at);
            }
            case WINDOW -> {
                long actual = reply.path("window").asLong();
                String reason = o.negotiated == null || !has(reply, "SYN") ? "the reply's window field is " + actual
                        : o.negotiated.path("negotiation").path("window").path("reason").asString("window " + actual);
                return numeric(f, said.window() == null ? null : said.window().longValue(), actual, reason + at);
            }
            case FLAGS -> {
                List<String> actual = new ArrayList<>();
                reply.path("flags").forEach(x -> actual.add(x.asString()));
                Set<String> predicted = new LinkedHashSet<>();
                said.flags().forEach(x -> predicted.add(x.toUpperCase(Locale.ROOT)));
                return new PredictionViews.PredictionFieldResult("flags", said.flags(), actual, predicted.equals(new LinkedHashSet<>(actual)),
                        "the reply is " + reply.path("letters").asString() + " (" + String.join(", ", actual) + ")" + at);
            }
            default -> {
                return options(said.options(), o, at);
            }
        }
    }

    private static PredictionViews.PredictionFieldResult numeric(Prediction.Field f, Long predicted, long actual, String why) {
        boolean right = predicted != null && predicted == actual;
        return new PredictionViews.PredictionFieldResult(f.json, predicted, actual, right,
                (right ? "" : "you predicted " + predicted + ", the reply has " + actual + ": ") + why);
    }

    private static String ackReason(long ack, JsonNode reply, JsonNode sent) {
        if (!has(reply, "ACK")) {
            return "the reply carries no ACK flag, so its ack field (" + ack + ") acknowledges nothing";
        }
        long seq = sent.path("seq").asLong();
        long length = sent.path("payloadLength").asLong(0);
        long d = Math.floorMod(ack - seq, SEQUENCE_SPACE);
        String sum = "ack " + ack + " = your seq " + seq + " + " + d;
        if (has(sent, "SYN") && d == length + 1) {
            return sum + ": a SYN takes one sequence number, so the next number the server expects is your ISN + 1 (RFC 9293 §3.4)";
        }
        if (d == length + (has(sent, "FIN") ? 1 : 0)) {
            return sum + ": the next sequence number after your segment";
        }
        return "ack " + ack + " (your segment's seq was " + seq + ")";
    }

    private static String seqReason(long seq, JsonNode reply, JsonNode sent) {
        if (has(reply, "RST")) {
            return has(sent, "ACK")
                    ? "an RST answering a segment that carries an ACK takes that ack number (" + sent.path("ack").asLong()
                            + ") as its seq (RFC 9293 §3.10.7.1)"
                    : "an RST answering a segment without ACK has seq 0 and acknowledges the segment instead (RFC 9293 §3.10.7.1)";
        }
        if (has(reply, "SYN")) {
            return "seq " + seq + " is the server's own ISN: it picks it itself (RFC 9293 §3.4.1; Linux from a keyed hash of the "
                    + "connection and a clock, RFC 6528), so it cannot be computed from your segment, only read from the SYN-ACK";
        }
        return "seq " + seq;
    }

    private static PredictionViews.PredictionFieldResult options(List<String> said, Outcome o, String at) {
        List<String> actual = new ArrayList<>();
        o.reply.path("segment").path("options").forEach(x -> {
            String kind = x.path("kind").asString("");
            if (!kind.equals("nop") && !kind.equals("eol")) {
                actual.add(kind);
            }
        });
        List<String> predicted = said.stream().map(PredictionGrader::optionKind).toList();
        boolean right = predicted.equals(actual);
        StringBuilder why = new StringBuilder("the reply carried ").append(actual.isEmpty() ? "no options" : String.join(", ", actual)
                + (actual.size() > 1 ? ", in that order" : "")).append(" (NOP and EOL padding not counted)").append(at);
        if (!right && new LinkedHashSet<>(predicted).equals(new LinkedHashSet<>(actual))) {
            why.append("; the same options as you said, in another order");
        }
        Set<String> differing = new LinkedHashSet<>(predicted);
        differing.addAll(actual);
        differing.removeIf(k -> predicted.contains(k) && actual.contains(k));
        for (String k : differing) {
            String reason = o.negotiated == null || !NEGOTIATION_OF.containsKey(k) ? null
                    : o.negotiated.path("negotiation").path(NEGOTIATION_OF.get(k)).path("reason").asString(null);
            if (reason != null) {
                why.append("; ").append(k).append(": ").append(reason);
            }
        }
        return new PredictionViews.PredictionFieldResult("options", said, actual, right, why.toString());
    }

    private static PredictionViews.PredictionFieldResult state(String said, Outcome o, List<JsonNode> events, int at) {
        String actual;
        String why;
        if (o.stateChange != null) {
            actual = o.stateChange.path("to").asString();
            why = "the server's connection moved to " + actual + " (event #" + index(o.stateChange) + ": "
                    + o.stateChange.path("text").asString() + ")";
        } else {
            JsonNode before = null;
            String connection = o.send.path("connection").asString("");
            for (int i = at - 1; i >= 0 && before == null; i--) {
                JsonNode e = events.get(i);
                if ("state-changed".equals(kind(e)) && isServer(e) && connection.equals(e.path("connection").asString(""))) {
                    before = e;
                }
            }
            if (before != null) {
                actual = before.path("to").asString();
                why = "the server's connection stayed in " + actual + ": your segment changed no state";
            } else {
                actual = "CLOSED";
                why = "CLOSED: the server keeps no connection for this 4-tuple (no socket, or no request kept for it)";
            }
        }
        boolean right = said != null && Prediction.normaliseState(said).equals(actual);
        return new PredictionViews.PredictionFieldResult("state", said, actual, right, (right ? "" : "you predicted " + said + ": ") + why);
    }

    private static boolean has(JsonNode segment, String flag) {
        for (JsonNode f : segment.path("flags")) {
            if (flag.equals(f.asString())) {
                return true;
            }
        }
        return false;
    }

    private static String summary(JsonNode event) {
        return event.path("segment").path("summary").asString(event.path("text").asString());
    }
}
