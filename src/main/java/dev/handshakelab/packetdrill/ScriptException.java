package dev.handshakelab.packetdrill;

/**
 * A script the runner refuses before running it: a line packetdrill's parser would reject
 * ({@link Kind#SYNTAX}), or a system call packetdrill knows and the lab does not
 * ({@link Kind#UNSUPPORTED}). Names the line and the rule.
 */
public class ScriptException extends RuntimeException {

    public enum Kind { SYNTAX, UNSUPPORTED }

    private final int line;
    private final Kind kind;
    private final String rule;

    public ScriptException(int line, Kind kind, String rule, String message) {
        super("line " + line + ": " + message);
        this.line = line;
        this.kind = kind;
        this.rule = rule;
    }

    public int line() { return line; }
    public Kind kind() { return kind; }
    public String rule() { return rule; }
}
