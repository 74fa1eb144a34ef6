package dev.handshakelab.packetdrill;

import java.util.List;

/**
 * A script's run: one result per event line, in script order. Like packetdrill, the run stops
 * at the first line that fails; {@code failedLine} names it, or is null when every line passed.
 */
public record RunResult(boolean passed, Integer failedLine, String profile, List<LineResult> lines) {}
