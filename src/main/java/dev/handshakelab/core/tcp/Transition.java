package dev.handshakelab.core.tcp;

/** One state change of an endpoint, with its cause in words. */
public record Transition(long atMicros, TcpState from, TcpState to, String cause) {}
