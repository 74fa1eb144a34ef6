package dev.handshakelab.packetdrill;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.handshakelab.core.profile.OptionLayout;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.session.SessionService;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.web.InvalidRequestException;
import tools.jackson.databind.JsonNode;

/**
 * packetdrill in and out: a session's connection as a script (read through
 * {@link SessionService}, which decides who may see the session), and a script run against a
 * fresh simulated server.
 */
@Service
public class PacketdrillService {

    /** Scripts above this many characters are refused (413): handshake scripts are a few hundred. */
    public static final int MAX_SCRIPT_CHARS = 64 * 1024;

    private final SessionService sessions;

    public PacketdrillService(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The session's connection (the only one, if {@code connection} is null) as a packetdrill script from the server's side. */
    public String export(String id, String connection) {
        SessionView session = sessions.get(id);
        String chosen = connection;
        if (chosen == null) {
            Set<String> connections = new LinkedHashSet<>();
            sessions.forEachEvent(id, HistoryFilter.ALL, e -> {
                if (isServerStep(e) && e.hasNonNull("connection")) {
                    connections.add(e.get("connection").asString());
                }
            });
            if (connections.size() > 1) {
                throw new InvalidRequestException("connection", "required",
                        "is required: the session has " + connections.size() + " connections, and a packetdrill script follows one; e.g. "
                                + connections.iterator().next());
            }
            chosen = connections.isEmpty() ? null : connections.iterator().next();
        }
        List<ScriptExporter.Step> steps = new ArrayList<>();
        if (chosen != null) {
            sessions.forEachEvent(id, new HistoryFilter(chosen, null, "server", null), e -> {
                ScriptExporter.Step step = step(e);
                if (step != null) {
                    steps.add(step);
                }
            });
        }
        List<String> header = List.of(
                "Handshake Lab session " + session.id() + " (\"" + session.name() + "\"), seed " + session.seed() + ", profile " + session.profile(),
                chosen == null ? "no connection yet" : "connection " + chosen + ", from the server's point of view: < received, > sent",
                "run it: POST /api/v1/packetdrill/runs with profile " + session.profile());
        return ScriptExporter.export(header, profile(session), steps);
    }

    private static boolean isServerStep(JsonNode e) {
        return "server".equals(e.get("host").asString()) && step(e) != null;
    }

    private static ScriptExporter.Step step(JsonNode e) {
        if (!"server".equals(e.get("host").asString())) {
            return null;
        }
        String kind = e.get("kind").asString();
        long at = e.get("atMicros").asLong();
        if (kind.equals("accepted")) {
            return new ScriptExporter.Accepted(at);
        }
        if (!(kind.equals("segment-received") || kind.equals("segment-sent")) || !e.hasNonNull("segment")) {
            return null;
        }
        JsonNode segment = e.get("segment");
        byte[] ip = HexFormat.of().parseHex(segment.get("ipHex").asString());
        return new ScriptExporter.Packet(at, kind.equals("segment-received"), SegmentCodec.decodeIp(ip).datagram(),
                segment.get("checksumValid").asBoolean(true));
    }

    /** The session's profile: its named profile with the knobs the session shows. */
    @SuppressWarnings("unchecked")
    static StackProfile profile(SessionView session) {
        Map<String, Object> k = session.knobs();
        StackProfile.Builder b = StackProfile.named(session.profile()).toBuilder();
        List<Number> rmem = (List<Number>) k.get("tcpRmem");
        b.mtu(num(k, "mtu")).tcpRmem(rmem.get(0).intValue(), rmem.get(1).intValue(), rmem.get(2).intValue())
                .rmemMax(num(k, "rmemMax")).scalingRatioPercent(num(k, "scalingRatioPercent"))
                .timestamps((Boolean) k.get("timestamps")).sack((Boolean) k.get("sack")).windowScaling((Boolean) k.get("windowScaling"))
                .syncookies(num(k, "syncookies")).synackRetries(num(k, "synackRetries")).synRetries(num(k, "synRetries"))
                .backlog(num(k, "backlog")).somaxconn(num(k, "somaxconn")).maxSynBacklog(num(k, "maxSynBacklog"))
                .abortOnOverflow((Boolean) k.get("abortOnOverflow")).initialRtoMillis(num(k, "initialRtoMillis"))
                .maxRtoMillis(num(k, "maxRtoMillis")).minSndMss(num(k, "minSndMss")).acceptRate(num(k, "acceptRate"))
                .optionLayout(OptionLayout.valueOf((String) k.get("optionLayout")))
                .synLinearTimeouts(num(k, "synLinearTimeouts")).invalidRatelimitMillis(num(k, "invalidRatelimitMillis"))
                .ecn(num(k, "ecn")).tcpMaxseg(num(k, "tcpMaxseg")).deferAcceptSeconds(num(k, "deferAcceptSeconds"))
                .tcpFastopen(num(k, "tcpFastopen")).fastOpenQlen(num(k, "fastOpenQlen"));
        return b.build();
    }

    private static int num(Map<String, Object> knobs, String name) {
        return ((Number) knobs.get(name)).intValue();
    }

    /**
     * Parses and runs {@code script} against a fresh server of {@code profileName}. Text that is
     * not a script (control bytes, too long) and scripts packetdrill would not parse are
     * refused with the line and the rule.
     */
    public RunResult run(String script, String profileName, long seed) {
        if (script == null || script.isBlank()) {
            throw new InvalidRequestException("script", "required", "must be a packetdrill script, not empty");
        }
        if (script.length() > MAX_SCRIPT_CHARS) {
            throw new dev.handshakelab.web.PayloadTooLargeException("script: a script of " + script.length()
                    + " characters is over the limit of " + MAX_SCRIPT_CHARS);
        }
        checkText(script);
        StackProfile profile;
        try {
            profile = StackProfile.named(profileName == null ? "linux" : profileName);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("profile", "one of linux, rfc9293, classic", e.getMessage());
        }
        return ScriptRunner.run(ScriptParser.parse(script), profile, seed);
    }

    /** Binary garbage is refused at the first control character (or undecodable byte), naming its line. */
    private static void checkText(String script) {
        int line = 1;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '\n') {
                line++;
            } else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f || c == '\uFFFD') {
                throw new ScriptException(line, ScriptException.Kind.SYNTAX, "text",
                        String.format("a script is text; this line holds the byte 0x%02X", c == '\uFFFD' ? 0xFF : (int) c)
                                + (c == '\uFFFD' ? " or another sequence that is not UTF-8" : ""));
            }
        }
    }
}
