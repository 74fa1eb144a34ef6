package dev.handshakelab.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.handshakelab.core.net.ConntrackFirewall;
import dev.handshakelab.core.net.IcmpUnreachable;
import dev.handshakelab.core.net.LinkDelay;
import dev.handshakelab.core.net.Middlebox;
import dev.handshakelab.core.net.NetworkPath;
import dev.handshakelab.core.net.PacketFilter;
import dev.handshakelab.core.net.PacketLoss;
import dev.handshakelab.core.net.Refusal;
import dev.handshakelab.core.net.Route;
import dev.handshakelab.core.net.SegmentMatch;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.session.api.FilterRuleRequest;
import dev.handshakelab.session.api.MatchRequest;
import dev.handshakelab.session.api.MiddleboxRequest;
import dev.handshakelab.session.api.PathRequest;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.InvalidRequestException.FieldError;

/**
 * Turns a session's path configuration into the core's {@link NetworkPath}, checking every rule
 * on the way and naming the field that breaks it ({@code path.middleboxes[1].probability}). The
 * same code validates a create request and rebuilds the path on replay, with fresh middlebox
 * instances seeded from the session seed, so a replayed world meets the same losses and delays.
 */
final class PathConfigs {

    static final int MAX_MIDDLEBOXES = 16;
    static final int MAX_RULES = 32;
    static final int MAX_NTH = 64;
    static final int MAX_LATENCY_MILLIS = 60_000;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final String ACTIONS = "accept, drop, reject-rst, reject-icmp";
    private static final String ICMP_CODES = "port-unreachable, host-unreachable, net-unreachable, protocol-unreachable, host-prohibited, net-prohibited, admin-prohibited";
    /** An IPv6 session's: ip6tables' ICMPv6 names first; an IPv4 name is answered with the nearest ICMPv6 code (IcmpUnreachable.forFamily). */
    private static final String ICMP6_CODES = "icmp6-port-unreachable, icmp6-adm-prohibited, icmp6-no-route, icmp6-addr-unreachable, " + ICMP_CODES;

    private PathConfigs() {
    }

    /** Checks {@code path} (null = direct); throws naming every broken rule. */
    static void validate(PathRequest path, IpAddress server) {
        build(path, 0, server);
    }

    /** The path for a world with {@code seed}; throws naming every broken rule. */
    static NetworkPath build(PathRequest path, long seed, IpAddress server) {
        if (path == null) {
            return NetworkPath.DIRECT;
        }
        Compiler c = new Compiler(seed, server);
        NetworkPath built = c.path(path);
        if (!c.errors.isEmpty()) {
            throw new InvalidRequestException(c.errors);
        }
        return built;
    }

    private static final class Compiler {
        final long seed;
        final IpAddress server;
        final List<FieldError> errors = new ArrayList<>();

        Compiler(long seed, IpAddress server) {
            this.seed = seed;
            this.server = server;
        }

        NetworkPath path(PathRequest p) {
            Map<String, Middlebox> boxes = new LinkedHashMap<>();
            List<MiddleboxRequest> declared = p.middleboxes() == null ? List.of() : p.middleboxes();
            if (declared.size() > MAX_MIDDLEBOXES) {
                error("path.middleboxes", "at most " + MAX_MIDDLEBOXES, "holds " + declared.size() + " middleboxes; at most " + MAX_MIDDLEBOXES + " are allowed");
            }
            for (int i = 0; i < declared.size(); i++) {
                String at = "path.middleboxes[" + i + "]";
                MiddleboxRequest m = declared.get(i);
                if (m == null) {
                    error(at, "required", "must be a middlebox, not null");
                    continue;
                }
                if (m.id() == null || !ID.matcher(m.id()).matches()) {
                    error(at + ".id", "[a-z0-9][a-z0-9-]{0,31}", "must be 1 to 32 lower-case letters, digits or '-', starting with a letter or digit");
                    continue;
                }
                if (m.id().equals("client") || m.id().equals("server")) {
                    error(at + ".id", "not client or server", "must not be 'client' or 'server': those name the hosts");
                    continue;
                }
                if (boxes.containsKey(m.id())) {
                    error(at + ".id", "unique", "'" + m.id() + "' is declared twice");
                    continue;
                }
                Middlebox box = middlebox(at, m);
                if (box != null) {
                    boxes.put(m.id(), box);
                }
            }
            Set<String> known = new HashSet<>();
            declared.forEach(m -> {
                if (m != null && m.id() != null) known.add(m.id());
            });
            Route forward = route("path.forward", p.forward(), boxes, known);
            Route back = route("path.back", p.back(), boxes, known);
            return new NetworkPath(forward, back);
        }

        Route route(String at, List<String> ids, Map<String, Middlebox> boxes, Set<String> known) {
            List<Middlebox> chain = new ArrayList<>();
            if (ids == null) {
                return Route.DIRECT;
            }
            if (ids.size() > MAX_MIDDLEBOXES) {
                error(at, "at most " + MAX_MIDDLEBOXES, "lists " + ids.size() + " middleboxes; at most " + MAX_MIDDLEBOXES);
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                if (id == null || !known.contains(id)) {
                    error(at + "[" + i + "]", "declared middlebox id", "'" + id + "' is not the id of a middlebox in path.middleboxes");
                } else if (!seen.add(id)) {
                    error(at + "[" + i + "]", "once per route", "'" + id + "' appears twice on this route");
                } else if (boxes.containsKey(id)) {
                    chain.add(boxes.get(id));
                }
            }
            return new Route(chain, 0);
        }

        Middlebox middlebox(String at, MiddleboxRequest m) {
            int before = errors.size();
            if (m instanceof MiddleboxRequest.Loss loss) {
                SegmentMatch match = loss.match() == null ? SegmentMatch.ANY : match(at + ".match", loss.match().flags(),
                        loss.match().direction(), loss.match().src(), loss.match().dst(), loss.match().srcPort(), loss.match().dstPort());
                List<Long> nth = loss.nth();
                if (nth != null && loss.probability() != null) {
                    error(at + ".nth", "nth or probability, not both", "give either nth or probability, not both");
                }
                if (nth != null) {
                    if (nth.isEmpty() || nth.size() > MAX_NTH) {
                        error(at + ".nth", "1.." + MAX_NTH + " positions", "must list 1 to " + MAX_NTH + " positions");
                    }
                    for (int i = 0; i < nth.size(); i++) {
                        if (nth.get(i) == null || nth.get(i) < 1 || nth.get(i) > 1_000_000) {
                            error(at + ".nth[" + i + "]", "1..1000000", "must be a position between 1 and 1000000 (1 = the first selected segment)");
                        }
                    }
                }
                Double p = loss.probability();
                if (p != null && !(p >= 0 && p <= 1)) {
                    error(at + ".probability", "0..1", "must be between 0 and 1");
                }
                if (errors.size() > before) return null;
                if (nth != null) return PacketLoss.nth(m.id(), match, nth);
                if (p != null) return PacketLoss.random(m.id(), match, p, seed);
                return PacketLoss.all(m.id(), match);
            }
            if (m instanceof MiddleboxRequest.Delay delay) {
                Integer latency = delay.latencyMillis();
                int jitter = delay.jitterMillis() == null ? 0 : delay.jitterMillis();
                if (latency == null || latency < 0 || latency > MAX_LATENCY_MILLIS) {
                    error(at + ".latencyMillis", "0.." + MAX_LATENCY_MILLIS, "is required and must be between 0 and " + MAX_LATENCY_MILLIS);
                } else if (jitter < 0 || jitter > latency) {
                    error(at + ".jitterMillis", "0..latencyMillis", "must be between 0 and latencyMillis (" + latency + ")");
                }
                return errors.size() > before ? null : new LinkDelay(m.id(), latency * 1000L, jitter * 1000L, seed);
            }
            if (m instanceof MiddleboxRequest.ConntrackFirewall fw) {
                Refusal onMismatch = refusal(at + ".onMismatch", fw.onMismatch() == null ? "drop" : fw.onMismatch(), at + ".icmp", fw.icmp(), false);
                return errors.size() > before ? null : new ConntrackFirewall(m.id(), onMismatch);
            }
            MiddleboxRequest.Filter filter = (MiddleboxRequest.Filter) m;
            List<FilterRuleRequest> rules = filter.rules() == null ? List.of() : filter.rules();
            if (rules.size() > MAX_RULES) {
                error(at + ".rules", "at most " + MAX_RULES, "holds " + rules.size() + " rules; at most " + MAX_RULES);
            }
            List<PacketFilter.Rule> built = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                String r = at + ".rules[" + i + "]";
                FilterRuleRequest rule = rules.get(i);
                if (rule == null) {
                    error(r, "required", "must be a rule, not null");
                    continue;
                }
                if (rule.action() == null) {
                    error(r + ".action", ACTIONS, "is required: one of " + ACTIONS);
                    continue;
                }
                Refusal refusal = refusal(r + ".action", rule.action(), r + ".icmp", rule.icmp(), true);
                SegmentMatch match = match(r, rule.flags(), rule.direction(), rule.src(), rule.dst(), rule.srcPort(), rule.dstPort());
                built.add(new PacketFilter.Rule(match, refusal));
            }
            Refusal policy = refusal(at + ".defaultAction", filter.defaultAction() == null ? "accept" : filter.defaultAction(),
                    at + ".icmp", filter.icmp(), true);
            return errors.size() > before ? null : new PacketFilter(m.id(), built, policy);
        }

        /** An action name as a refusal; accept (where allowed) is null. */
        Refusal refusal(String at, String action, String icmpAt, String icmp, boolean acceptAllowed) {
            if (icmp != null && !"reject-icmp".equals(action)) {
                error(icmpAt, "only with reject-icmp", "is only used with reject-icmp");
            }
            switch (action) {
                case "accept":
                    if (acceptAllowed) return null;
                    break;
                case "drop":
                    return Refusal.DROP;
                case "reject-rst":
                    return Refusal.RESET;
                case "reject-icmp":
                    try {
                        return Refusal.icmp(IcmpUnreachable.labelled(icmp == null ? "port-unreachable" : icmp));
                    } catch (IllegalArgumentException e) {
                        String codes = LabAddresses.isV6(server) ? ICMP6_CODES : ICMP_CODES;
                        error(icmpAt, codes, "'" + icmp + "' is not one of " + codes);
                        return Refusal.DROP;
                    }
                default:
                    break;
            }
            String allowed = acceptAllowed ? ACTIONS : "drop, reject-rst, reject-icmp";
            error(at, allowed, "'" + action + "' is not one of " + allowed);
            return Refusal.DROP;
        }

        SegmentMatch match(String at, List<String> flags, String direction, String src, String dst, Integer srcPort, Integer dstPort) {
            Integer control = null;
            if (flags != null) {
                int bits = 0;
                for (int i = 0; i < flags.size(); i++) {
                    String f = flags.get(i);
                    int bit = f == null ? 0 : controlBit(f);
                    if (bit == 0) {
                        error(at + ".flags[" + i + "]", "SYN|ACK|FIN|RST", "'" + f + "' is not one of SYN, ACK, FIN, RST");
                    }
                    bits |= bit;
                }
                control = bits;
            }
            SegmentMatch.Direction dir = null;
            if (direction != null) {
                try {
                    dir = SegmentMatch.Direction.labelled(direction);
                } catch (IllegalArgumentException e) {
                    error(at + ".direction", "client-to-server|server-to-client", "must be client-to-server or server-to-client");
                }
            }
            return new SegmentMatch(control, dir, address(at + ".src", src), address(at + ".dst", dst),
                    port(at + ".srcPort", srcPort), port(at + ".dstPort", dstPort), dir == null ? null : server);
        }

        private int controlBit(String f) {
            String upper = f.trim().toUpperCase(java.util.Locale.ROOT);
            int bit;
            try {
                bit = TcpFlags.bitNamed(upper);
            } catch (IllegalArgumentException e) {
                return 0;
            }
            return (bit & SegmentMatch.CONTROL_BITS) != 0 ? bit : 0;
        }

        IpAddress address(String at, String text) {
            if (text == null) return null;
            try {
                IpAddress ip = IpAddress.parse(text);
                if (ip.byteLength() == server.byteLength()) return ip;
            } catch (IllegalArgumentException e) {
                // reported below
            }
            // a match on an address of the other family would silently never match anything
            String family = LabAddresses.family(server);
            error(at, LabAddresses.rule(server), "must be an " + family + " address: this session's network is " + family + " (" + server + ")");
            return null;
        }

        Integer port(String at, Integer port) {
            if (port != null && (port < 1 || port > 65535)) {
                error(at, "1..65535", "must be between 1 and 65535");
                return null;
            }
            return port;
        }

        void error(String field, String rule, String message) {
            errors.add(new FieldError(field, rule, message));
        }
    }
}
