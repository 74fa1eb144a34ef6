package dev.handshakelab.packetdrill;

/**
 * What happened to one line of a script. {@code expected} and {@code actual} are packet lines in
 * the script's numbering (or a system call's result); {@code atMicros} is the virtual time the
 * line happened at, null for lines that did not run.
 */
public record LineResult(int line, String text, Status status, String message, String expected, String actual, Long atMicros) {

    public enum Status {
        /** The line ran and matched. */
        PASSED,
        /** An outbound packet, a system call's result or a time differed from the script. */
        MISMATCH,
        /** The line cannot run as written (e.g. a TS ecr no outbound TS val explains). */
        ERROR,
        /** The line needs something the lab does not model. */
        UNSUPPORTED,
        /** The line means nothing to the simulation (a shell command, an unmodelled sysctl) and was passed over. */
        SKIPPED,
        /** The run stopped at an earlier line. */
        NOT_RUN
    }

    public boolean failed() {
        return status == Status.MISMATCH || status == Status.ERROR || status == Status.UNSUPPORTED;
    }
}
