package dev.handshakelab.core.tcp;

/** The two simulated hosts of a lab: the server with its listener and the client side. */
public enum Host {
    SERVER("server"),
    CLIENT("client");

    private final String label;

    Host(String label) {
        this.label = label;
    }

    /** Lower-case name as shown to students and in the HTTP contract. */
    public String label() {
        return label;
    }
}
