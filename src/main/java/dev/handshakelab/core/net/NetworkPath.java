package dev.handshakelab.core.net;

/** The path between client and server: a forward route (client → server) and a return route. */
public record NetworkPath(Route forward, Route back) {

    public static final NetworkPath DIRECT = new NetworkPath(Route.DIRECT, Route.DIRECT);

    public NetworkPath {
        if (forward == null || back == null) {
            throw new IllegalArgumentException("path needs both a forward and a return route");
        }
    }
}
