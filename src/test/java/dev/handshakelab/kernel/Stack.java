package dev.handshakelab.kernel;

import dev.handshakelab.core.wire.IpDatagram;
import java.util.List;

/**
 * One TCP implementation under a differential scenario: the simulated server host on its virtual
 * clock, or the machine's kernel in a private network namespace on real time. The runner drives
 * both through this, the same calls in the same order, and records what each sends.
 *
 * <p>Times are microseconds since {@link #start()}. Every socket call is non-blocking: a
 * scenario's blocking call is run by the runner at the time it should return.
 */
interface Stack extends AutoCloseable {

    /** The local address (packetdrill's {@code --local_ip}) and the remote one, unless a scenario names others. */
    String LOCAL_IP = "192.168.0.1";
    String REMOTE_IP = "192.0.2.1";

    /** A datagram the stack sent, and when; {@code dscp} is the upper six bits of its TOS byte or traffic class. */
    record Sent(long at, IpDatagram datagram, int dscp) {
        Sent(long at, IpDatagram datagram) {
            this(at, datagram, 0);
        }
    }

    /** A system call's outcome: a value, or -1 with the errno's name. */
    record Result(long value, String errno) {
        static Result ok(long value) {
            return new Result(value, null);
        }

        static Result error(String errno) {
            return new Result(-1, errno);
        }

        @Override
        public String toString() {
            return errno == null ? Long.toString(value) : "-1 " + errno;
        }
    }

    /** Thrown when the simulated server does not model what a scenario asks for. */
    final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    String name();

    /** A sysctl before {@link #start()}; names as {@code sysctl} takes them. */
    void sysctl(String name, String value);

    /** Brings the network up: the device with {@code network}'s addresses (IPv4 or IPv6) and MTU. */
    void start(Scenario network);

    long now();

    /** When the last injection or system call began: what the stack sent after it may be its answer. */
    long lastActionAt();

    void inject(IpDatagram d);

    /** A destination unreachable with {@code code} (ICMP for IPv4, ICMPv6 for IPv6) quoting {@code quoted}, which the stack sent. */
    void injectIcmp(IpDatagram quoted, int code);

    /**
     * Lets time run until the stack has sent more than {@code count} datagrams in all, or until
     * {@code until}; returns everything sent so far, in order.
     */
    List<Sent> awaitSent(int count, long until);

    int socket();

    Result setsockopt(int fd, String name, int value);

    Result bind(int fd, int port);

    Result listen(int fd, int backlog);

    Result accept(int fd);

    /** A non-blocking {@code connect()} from {@code localPort} to the remote address's {@code port}. */
    Result connect(int fd, int localPort, int port);

    /** {@code getsockopt(SO_ERROR)}: 0, or -1 with the pending error's name. */
    Result soError(int fd);

    Result read(int fd, int bytes);

    Result close(int fd);

    @Override
    void close();
}
