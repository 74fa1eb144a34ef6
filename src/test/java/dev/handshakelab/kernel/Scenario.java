package dev.handshakelab.kernel;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.packetdrill.Script;
import dev.handshakelab.packetdrill.ScriptAddresses;
import dev.handshakelab.packetdrill.ScriptParser;
import java.util.ArrayList;
import java.util.List;

/**
 * A differential scenario: packetdrill events (parsed by the lab's own {@link ScriptParser}),
 * each for one remote client. Client 0 is packetdrill's single remote ({@code 192.0.2.1:48879});
 * client k uses port 48879 + k, so that scenarios about queues can open several connections,
 * which packetdrill's one-socket model cannot. Inbound lines are the inputs; outbound lines only
 * say when to look for what the stack sent (and which TS val an inbound TS ecr echoes): what is
 * compared is everything each stack sent.
 */
record Scenario(String name, String origin, List<Step> steps, ScriptAddresses network) {

    static final int FIRST_REMOTE_PORT = 48_879;
    static final int SERVER_PORT = 8080;
    /** The command of an ICMP step ({@link Builder#icmp}): a destination unreachable quoting the last datagram to the client. */
    static final String ICMP_COMMAND = "icmp-unreachable";
    /** The TUN device's MTU when the scenario names none. */
    static final int DEFAULT_MTU = 1500;

    Scenario(String name, String origin, List<Step> steps) {
        this(name, origin, steps, ScriptAddresses.IPV4);
    }

    /** The server's (the stack's own) address. */
    IpAddress local() {
        return network.local();
    }

    /** The clients' address. */
    IpAddress remote() {
        return network.remote();
    }

    boolean ipv6() {
        return network.ipv6();
    }

    int mtu() {
        return network.mtu() > 0 ? network.mtu() : DEFAULT_MTU;
    }

    /** The same steps over IPv6 (packetdrill's --ip_version=ipv6 addresses), named {@code v6/<name>}. */
    Scenario overIpv6() {
        return new Scenario("v6/" + name, origin + ", over IPv6", steps, ScriptAddresses.IPV6);
    }

    /** The same steps on a device of another MTU, named {@code <name>-mtu<mtu>}. */
    Scenario withMtu(int deviceMtu) {
        return new Scenario(name + "-mtu" + deviceMtu, origin, steps, new ScriptAddresses(network.local(), network.remote(), deviceMtu));
    }

    record Step(int client, Script.Event event) {
        int remotePort() {
            return FIRST_REMOTE_PORT + client;
        }
    }

    /** A whole packetdrill script, every packet line for client 0, on the network its options name ({@code --ip_version}...). */
    static Scenario ofScript(String name, String origin, String text) {
        List<Step> steps = new ArrayList<>();
        Script script = ScriptParser.parse(text);
        for (Script.Event e : script.events()) {
            steps.add(new Step(0, e));
        }
        return new Scenario(name, origin, steps, script.addresses());
    }

    /** Builds a scenario line by line, in packetdrill's syntax, with the client of each packet line. */
    static final class Builder {
        private final String name;
        private final String origin;
        private final List<Step> steps = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        Builder(String name, String origin) {
            this.name = name;
            this.origin = origin;
        }

        /** A line for client 0 (or no client: a system call or a sysctl). */
        Builder line(String line) {
            return line(0, line);
        }

        Builder line(int client, String line) {
            List<Script.Event> events = ScriptParser.parse(line).events();
            for (Script.Event e : events) {
                steps.add(new Step(client, e));
            }
            text.append(client == 0 ? "" : "[client " + client + "] ").append(line).append('\n');
            return this;
        }

        /** The passive-open preamble: sysctls, then a listener on 8080 with {@code backlog}. */
        Builder listener(int backlog, String... sysctls) {
            for (String s : sysctls) {
                line("`sysctl -q " + s + "`");
            }
            line("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
            line("+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
            line("+0 bind(3, ..., ...) = 0");
            return line("+0 listen(3, " + backlog + ") = 0");
        }

        /**
         * At {@code time} after the previous event ({@code +0.01} style, in seconds), a destination
         * unreachable with {@code code} from the client, quoting what the stack last sent it.
         */
        Builder icmp(int client, String time, int code) {
            long micros = Math.round(Double.parseDouble(time.replace("+", "")) * 1_000_000);
            String text = time + " < icmp unreachable code " + code;
            steps.add(new Step(client, new Script.CommandEvent(0, text, new Script.Timing(Script.Timing.Kind.RELATIVE, micros, micros),
                    ICMP_COMMAND + " " + code)));
            this.text.append(client == 0 ? "" : "[client " + client + "] ").append(text).append('\n');
            return this;
        }

        Scenario build() {
            return new Scenario(name, origin, List.copyOf(steps));
        }
    }
}
