package dev.handshakelab.core.tcp;

/**
 * Where events go. The core asks {@link #enabled()} before it builds an event, so a sink that
 * records nothing (or samples, as a SYN-flood run does) costs no allocation on the hot path.
 */
public interface EventSink {

    /** Receives one event, in the order things happened. */
    void accept(TcpEvent event);

    /** False when no event is wanted at all; the core then builds none. */
    default boolean enabled() {
        return true;
    }

    EventSink NONE = new EventSink() {
        @Override
        public void accept(TcpEvent event) {}

        @Override
        public boolean enabled() {
            return false;
        }
    };
}
