package dev.handshakelab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * A reply the student must predict before one of their sends (see docs/exercises.md): the send
 * is named by {@code before}, a step of the check language ("your SYN": the first event of the
 * history that meets its conditions), and the student predicts the {@code fields} of the
 * server's answer to it. {@code explain} is the author's explanation, shown once it is graded.
 * Plain Java, read from an exercise file after the schema has passed it.
 */
public record Prediction(String id, String prompt, Check.Step before, List<Field> fields, int points, String explain) {

    /** What of the reply can be predicted; the JSON names are what the files and the API use. */
    public enum Field {
        /** The reply's sequence number. */
        SEQ("seq"),
        /** The reply's acknowledgment number. */
        ACK("ack"),
        /** The reply's flags, as a set. */
        FLAGS("flags"),
        /** The reply's window field, as sent (a SYN-ACK's is never scaled, RFC 7323 §2.2). */
        WINDOW("window"),
        /** The reply's option kinds in the order they are written, NOP and EOL padding left out. */
        OPTIONS("options"),
        /** The state the server's connection moves to (or stays in) on the send. */
        STATE("state"),
        /** Whether nothing comes back to the client. */
        NOTHING("nothing");

        public final String json;

        Field(String json) {
            this.json = json;
        }

        static Field of(String name) {
            for (Field f : values()) {
                if (f.json.equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException(name);
        }

        /** A field about the reply's segment, which a reply must exist to have. */
        public boolean ofSegment() {
            return this != STATE && this != NOTHING;
        }
    }

    /**
     * Reads a prediction the exercise schema has already passed; {@code path} is where it sits in
     * its file ({@code predictions[0]}). Its {@code before} is checked against the check language.
     */
    static Prediction parse(JsonNode node, String path) {
        Check.Step before = Check.parseStep(node.get("before"), path + ".before");
        List<Field> fields = new ArrayList<>();
        node.get("fields").forEach(f -> {
            Field field = Field.of(f.asString());
            if (fields.contains(field)) {
                throw new CheckSyntaxException(path + ".fields", "'" + field.json + "' is listed twice");
            }
            fields.add(field);
        });
        return new Prediction(node.get("id").asString(), node.get("prompt").asString(), before, List.copyOf(fields),
                node.has("points") ? node.get("points").asInt() : 1, node.has("explain") ? node.get("explain").asString() : null);
    }

    /**
     * A state as the student may write it, in the names of the states this lab models
     * (RFC 9293 §3.3.2, written as the core writes them): any case, '-' or ' ' for '_', and
     * Linux's own short names (SYN_RECV, ESTAB as ss prints them).
     */
    public static String normaliseState(String state) {
        String s = state.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return switch (s) {
            case "SYN_RECV", "SYN_RCVD" -> "SYN_RECEIVED";
            case "ESTAB" -> "ESTABLISHED";
            default -> s;
        };
    }
}
