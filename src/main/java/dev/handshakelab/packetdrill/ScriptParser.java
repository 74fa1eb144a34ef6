package dev.handshakelab.packetdrill;

import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.packetdrill.Script.Timing;
import dev.handshakelab.packetdrill.ScriptException.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a packetdrill script: the subset of packetdrill's grammar ({@code parser.y},
 * {@code lexer.l}) that handshake scripts use. Anything outside it is a {@link ScriptException}
 * naming the line: a syntax error, or a system call the lab does not model.
 */
public final class ScriptParser {

    /** System calls the runner executes; any other packetdrill syscall is refused before running. */
    static final Set<String> SYSCALLS = Set.of("socket", "setsockopt", "getsockopt", "fcntl", "bind", "listen", "accept",
            "connect", "close", "read", "write", "recv", "send");

    /** Flag letters of a packet line (lexer.l's {@code flags}); {@code A} is AccECN's AE bit, stored as NS. */
    private static final String FLAG_LETTERS = "SFRP.UEWAN";

    private static final String NUMBER = "\\d*\\.?\\d+";
    private static final Pattern BLOCKING = Pattern.compile("(\\+?" + NUMBER + ")\\.\\.\\.(\\+?" + NUMBER + ")");
    private static final Pattern RANGE = Pattern.compile("(\\+?" + NUMBER + ")~(\\+?" + NUMBER + ")");
    private static final Pattern SINGLE = Pattern.compile("\\+?" + NUMBER);
    private static final Pattern SEQUENCE = Pattern.compile("(\\d+):(\\d+)\\((\\d+)\\)");
    private static final Pattern SYSCALL = Pattern.compile("([a-z_]+)\\((.*)\\)\\s*=\\s*(-?(?:0x[0-9a-fA-F]+|\\d+))(?:\\s+([A-Z][A-Z0-9_]*))?(?:\\s*\\(.*\\))?");
    private static final Pattern OPTION_LINE = Pattern.compile("--([a-z_]+)(?:=(\\S+))?");

    private ScriptParser() {}

    public static Script parse(String text) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Integer> optionLines = new LinkedHashMap<>();
        List<Script.Event> events = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        boolean inBlockComment = false;
        int commentOpenedAt = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            StringBuilder code = new StringBuilder();
            boolean wasInComment = inBlockComment;
            inBlockComment = stripComments(lines[i], inBlockComment, code);
            if (inBlockComment && !wasInComment) {
                commentOpenedAt = lineNo;
            }
            String line = code.toString().strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.chars().filter(ch -> ch == '`').count() % 2 == 1) {
                // a command may span lines until its closing backtick (the selftests' `./defaults.sh\n sysctl ...`)
                StringBuilder command = new StringBuilder(line);
                int j = i + 1;
                while (j < lines.length && lines[j].indexOf('`') < 0) {
                    command.append('\n').append(lines[j]);
                    j++;
                }
                if (j >= lines.length) {
                    throw new ScriptException(lineNo, Kind.SYNTAX, "command", "a shell command must be closed with a backtick");
                }
                command.append('\n').append(lines[j].substring(0, lines[j].indexOf('`') + 1));
                line = command.toString().strip();
                i = j;
            }
            if (line.startsWith("%{")) {
                throw new ScriptException(lineNo, Kind.UNSUPPORTED, "code-block",
                        "%{ }% code blocks (python assertions on TCP_INFO) are not supported: the lab runs no code");
            }
            if (line.startsWith("--")) {
                if (!events.isEmpty()) {
                    throw new ScriptException(lineNo, Kind.SYNTAX, "option-position", "command-line options (" + line + ") must come before the first event");
                }
                Matcher m = OPTION_LINE.matcher(line);
                if (!m.matches()) {
                    throw new ScriptException(lineNo, Kind.SYNTAX, "option", "expected --name or --name=value, got '" + line + "'");
                }
                options.put(m.group(1), m.group(2) == null ? "" : m.group(2));
                optionLines.put(m.group(1), lineNo);
                continue;
            }
            if (line.startsWith("`")) {
                events.add(new Script.CommandEvent(lineNo, lines[i].strip(), null, command(lineNo, line)));
                continue;
            }
            events.add(event(lineNo, lines[i].strip(), line));
        }
        if (inBlockComment) {
            throw new ScriptException(commentOpenedAt, Kind.SYNTAX, "comment", "the /* comment opened on this line is never closed");
        }
        checkAddresses(options, optionLines);
        return new Script(options, events);
    }

    /** {@code --ip_version}, {@code --local_ip}, {@code --remote_ip} and {@code --mtu} must agree ({@link ScriptAddresses}). */
    private static void checkAddresses(Map<String, String> options, Map<String, Integer> optionLines) {
        try {
            ScriptAddresses.of(options);
        } catch (IllegalArgumentException e) {
            // every message starts with the option it is about
            String option = optionLines.keySet().stream().filter(k -> e.getMessage().startsWith("--" + k)).findFirst().orElse("ip_version");
            boolean unsupported = e.getMessage().contains("not modelled");
            throw new ScriptException(optionLines.getOrDefault(option, 1), unsupported ? Kind.UNSUPPORTED : Kind.SYNTAX,
                    option.replace('_', '-'), e.getMessage());
        }
    }

    /** Appends the line's code outside comments to {@code out}; returns whether a block comment is still open. */
    private static boolean stripComments(String line, boolean inBlock, StringBuilder out) {
        int i = 0;
        boolean inCommand = false;
        while (i < line.length()) {
            if (inBlock) {
                int end = line.indexOf("*/", i);
                if (end < 0) {
                    return true;
                }
                i = end + 2;
                inBlock = false;
                continue;
            }
            char c = line.charAt(i);
            if (c == '`') {
                inCommand = !inCommand;
            } else if (!inCommand && line.startsWith("//", i)) {
                break;
            } else if (!inCommand && line.startsWith("/*", i)) {
                inBlock = true;
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        return inBlock;
    }

    private static String command(int lineNo, String s) {
        if (s.length() < 2 || !s.endsWith("`")) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "command", "a shell command must be closed with a backtick");
        }
        return s.substring(1, s.length() - 1).strip();
    }

    private static Script.Event event(int lineNo, String text, String written) {
        // "+.002 ... 0.004 connect(...)": spaces around a blocking call's ellipsis are allowed
        String line = written.replaceFirst("^(\\+?[\\d.]+)\\s*\\.\\.\\.\\s*(\\+?[\\d.]+)", "$1...$2");
        int space = firstSpace(line);
        if (space < 0) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "event", "expected '<time> <action>', got '" + line + "'");
        }
        String timeText = line.substring(0, space);
        String action = line.substring(space).strip();
        Timing timing;
        Timing end = null;
        Matcher blocking = BLOCKING.matcher(timeText);
        if (blocking.matches()) {
            timing = single(lineNo, blocking.group(1));
            end = single(lineNo, blocking.group(2));
        } else {
            timing = timing(lineNo, timeText);
        }
        if (action.startsWith("<") || action.startsWith(">")) {
            if (end != null) {
                throw new ScriptException(lineNo, Kind.SYNTAX, "time", "a packet has no end time: '...' is for blocking system calls");
            }
            return packet(lineNo, text, timing, action);
        }
        if (action.startsWith("%{")) {
            throw new ScriptException(lineNo, Kind.UNSUPPORTED, "code-block",
                    "%{ }% code blocks (python assertions on TCP_INFO) are not supported: the lab runs no code");
        }
        if (action.startsWith("`")) {
            return new Script.CommandEvent(lineNo, text, timing, command(lineNo, action));
        }
        if (timing.kind() != Timing.Kind.ABSOLUTE && timing.kind() != Timing.Kind.RELATIVE) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "time", "'*' and ranges are allowed for outbound packets only");
        }
        return syscall(lineNo, text, timing, end, action);
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Timing timing(int lineNo, String t) {
        if (t.equals("*")) {
            return new Timing(Timing.Kind.ANY, 0, 0);
        }
        Matcher range = RANGE.matcher(t);
        if (range.matches()) {
            Timing from = single(lineNo, range.group(1));
            Timing to = single(lineNo, range.group(2));
            boolean relative = from.kind() == Timing.Kind.RELATIVE;
            if (relative != (to.kind() == Timing.Kind.RELATIVE)) {
                throw new ScriptException(lineNo, Kind.SYNTAX, "time", "both ends of a time range must be relative (+a~+b) or absolute (a~b)");
            }
            if (to.micros() < from.micros()) {
                throw new ScriptException(lineNo, Kind.SYNTAX, "time", "a time range must not end before it starts");
            }
            return new Timing(relative ? Timing.Kind.RELATIVE_RANGE : Timing.Kind.ABSOLUTE_RANGE, from.micros(), to.micros());
        }
        return single(lineNo, t);
    }

    private static Timing single(int lineNo, String t) {
        if (!SINGLE.matcher(t).matches()) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "time", "expected a time such as 0, +.1, 1.5, *, +1~+1.1 or +0...0.2, got '" + t + "'");
        }
        boolean relative = t.startsWith("+");
        BigDecimal seconds = new BigDecimal(relative ? t.substring(1) : t);
        if (seconds.compareTo(BigDecimal.valueOf(86_400)) > 0) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "time", "times above one day (86400 s) are refused");
        }
        long micros = seconds.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        return new Timing(relative ? Timing.Kind.RELATIVE : Timing.Kind.ABSOLUTE, micros, micros);
    }

    // ---------------------------------------------------------------- packet lines

    private static Script.PacketEvent packet(int lineNo, String text, Timing timing, String action) {
        boolean inbound = action.charAt(0) == '<';
        if (inbound && timing.kind() != Timing.Kind.ABSOLUTE && timing.kind() != Timing.Kind.RELATIVE) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "time", "'*' and time ranges are allowed for outbound packets only");
        }
        Cursor c = new Cursor(lineNo, action.substring(1));
        int ecn = -1;
        if (c.peek() == '[' ) {
            String info = c.until(']');
            ecn = switch (info) {
                case "noecn" -> 0;
                case "ect1" -> 1;
                case "ect0" -> 2;
                case "ce" -> 3;
                case "ect01" -> 4;
                default -> throw new ScriptException(lineNo, Kind.UNSUPPORTED, "ip-info",
                        "IP information [" + info + "] is not supported; the lab models [noecn], [ect0], [ect1], [ce] and [ect01]");
            };
            if (ecn == 4 && inbound) {
                throw new ScriptException(lineNo, Kind.SYNTAX, "ip-info", "[ect01] is allowed on outbound packets only");
            }
        } else if (c.peek() == '(') {
            throw new ScriptException(lineNo, Kind.UNSUPPORTED, "ip-info", "IP header fields in parentheses (tos, ttl, flowlabel) are not modelled by the lab");
        }
        String flagText = c.word();
        int flags = flags(lineNo, flagText);
        String seqText = c.word();
        Matcher seq = SEQUENCE.matcher(seqText);
        if (!seq.matches()) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "sequence", "expected start:end(length) such as 0:0(0), got '" + seqText + "'");
        }
        long start = unsigned32(lineNo, seq.group(1), "sequence start");
        long endSeq = unsigned32(lineNo, seq.group(2), "sequence end");
        long len = unsigned32(lineNo, seq.group(3), "payload length");
        // parser.y: "inconsistent (start, end, len)" when end - start != len
        if (((endSeq - start) & 0xFFFF_FFFFL) != len) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "sequence", "inconsistent start:end(length): " + seqText + " (end - start must equal length)");
        }
        if (len > 65_495) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "sequence", "a payload of " + len + " bytes does not fit in one IPv4 datagram");
        }
        Long ack = null;
        Integer window = null;
        int urg = 0;
        List<TcpOption> options = List.of();
        boolean sawOptions = false;
        while (!c.atEnd()) {
            if (c.peek() == '<') {
                String body = c.until('>').strip();
                options = body.equals("...") ? null : options(lineNo, body, inbound);
                sawOptions = true;
                if (!c.atEnd()) {
                    throw new ScriptException(lineNo, Kind.SYNTAX, "packet", "nothing may follow the option list, got '" + c.rest() + "'");
                }
                break;
            }
            String word = c.word();
            switch (word) {
                case "ack" -> ack = unsigned32(lineNo, c.word(), "ack");
                case "win" -> window = (int) ranged(lineNo, c.word(), "win", 0xFFFF);
                case "urg" -> urg = (int) ranged(lineNo, c.word(), "urg", 0xFFFF);
                default -> throw new ScriptException(lineNo, Kind.SYNTAX, "packet", "expected ack, win, urg or <options>, got '" + word + "'");
            }
        }
        if (inbound && window == null) {
            // parser.y: "inbound packets must have a window"
            throw new ScriptException(lineNo, Kind.SYNTAX, "win", "an inbound packet must give its window (win N)");
        }
        if (inbound && options == null) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "options", "<...> (options unchecked) is allowed on outbound packets only");
        }
        if (!sawOptions) {
            options = List.of();
        }
        return new Script.PacketEvent(lineNo, text, timing, inbound, ecn, flags, start, (int) len, ack, window, urg, options);
    }

    private static int flags(int lineNo, String s) {
        if (s.equals("-")) {
            return 0;
        }
        int bits = 0;
        for (char ch : s.toCharArray()) {
            int bit = switch (ch) {
                case 'S' -> TcpFlags.SYN;
                case 'F' -> TcpFlags.FIN;
                case 'R' -> TcpFlags.RST;
                case 'P' -> TcpFlags.PSH;
                case '.' -> TcpFlags.ACK;
                case 'U' -> TcpFlags.URG;
                case 'E' -> TcpFlags.ECE;
                case 'W' -> TcpFlags.CWR;
                case 'A', 'N' -> TcpFlags.NS;
                default -> throw new ScriptException(lineNo, Kind.SYNTAX, "flags",
                        "expected TCP flags from " + FLAG_LETTERS + " or '-', got '" + s + "'");
            };
            bits |= bit;
        }
        return bits;
    }

    /** The option list of a packet line, in packetdrill's names ({@code tcp_options_to_string.c}). */
    private static List<TcpOption> options(int lineNo, String body, boolean inbound) {
        List<TcpOption> out = new ArrayList<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String item : body.split(",")) {
            String[] w = item.strip().split("\\s+");
            switch (w[0]) {
                case "nop" -> { arity(lineNo, w, 1); out.add(TcpOption.NOP); }
                case "eol" -> { arity(lineNo, w, 1); out.add(TcpOption.EOL); }
                case "sackOK" -> { arity(lineNo, w, 1); out.add(TcpOption.SACK_PERMITTED); }
                case "mss" -> { arity(lineNo, w, 2); out.add(new TcpOption.MaxSegmentSize((int) ranged(lineNo, w[1], "mss", 0xFFFF))); }
                case "wscale" -> { arity(lineNo, w, 2); out.add(new TcpOption.WindowScale((int) ranged(lineNo, w[1], "wscale", 0xFF))); }
                case "TS" -> {
                    if (w.length != 5 || !w[1].equals("val") || !w[3].equals("ecr")) {
                        throw new ScriptException(lineNo, Kind.SYNTAX, "options", "expected 'TS val N ecr N', got '" + item.strip() + "'");
                    }
                    out.add(new TcpOption.Timestamps(unsigned32(lineNo, w[2], "TS val"), unsigned32(lineNo, w[4], "TS ecr")));
                }
                case "sack" -> {
                    if (w.length < 2 || w.length > 5) {
                        throw new ScriptException(lineNo, Kind.SYNTAX, "options", "expected 'sack a:b [c:d ...]' with 1 to 4 blocks, got '" + item.strip() + "'");
                    }
                    List<TcpOption.SackBlock> blocks = new ArrayList<>();
                    for (int k = 1; k < w.length; k++) {
                        String[] edges = w[k].split(":");
                        if (edges.length != 2) {
                            throw new ScriptException(lineNo, Kind.SYNTAX, "options", "a SACK block is left:right, got '" + w[k] + "'");
                        }
                        blocks.add(new TcpOption.SackBlock(SeqNum.of(unsigned32(lineNo, edges[0], "sack")), SeqNum.of(unsigned32(lineNo, edges[1], "sack"))));
                    }
                    out.add(new TcpOption.Sack(blocks));
                }
                case "FO" -> {
                    if (w.length > 2) {
                        throw new ScriptException(lineNo, Kind.SYNTAX, "options", "expected 'FO' or 'FO <hex cookie>', got '" + item.strip() + "'");
                    }
                    Bytes cookie = w.length == 1 ? Bytes.EMPTY : hex(lineNo, w[1]);
                    if (cookie.length() > 16) {
                        throw new ScriptException(lineNo, Kind.SYNTAX, "options", "a Fast Open cookie has at most 16 bytes");
                    }
                    out.add(new TcpOption.FastOpenCookie(cookie));
                }
                case "FOEXP" -> {
                    // the experimental Fast Open option: kind 254, magic 0xF989, then the cookie (RFC 6994)
                    if (w.length > 2) {
                        throw new ScriptException(lineNo, Kind.SYNTAX, "options", "expected 'FOEXP' or 'FOEXP <hex cookie>', got '" + item.strip() + "'");
                    }
                    Bytes cookie = w.length == 1 ? Bytes.EMPTY : hex(lineNo, w[1]);
                    if (cookie.length() > 16) {
                        throw new ScriptException(lineNo, Kind.SYNTAX, "options", "a Fast Open cookie has at most 16 bytes");
                    }
                    byte[] data = new byte[2 + cookie.length()];
                    data[0] = (byte) 0xF9;
                    data[1] = (byte) 0x89;
                    cookie.copyTo(data, 2);
                    out.add(new TcpOption.Unknown(254, Bytes.of(data)));
                }
                case "md5", "ECN", "mptcp", "exp" -> throw new ScriptException(lineNo, Kind.UNSUPPORTED, "options",
                        "the TCP option '" + w[0] + "' is not modelled by the lab");
                default -> throw new ScriptException(lineNo, Kind.SYNTAX, "options",
                        "unknown TCP option '" + item.strip() + "'; expected nop, eol, mss N, wscale N, sackOK, TS val N ecr N, sack a:b, FO [cookie]");
            }
        }
        int bytes = 0;
        for (TcpOption o : out) {
            bytes += o.wireLength();
        }
        if (bytes > 40) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "options", "the options take " + bytes + " bytes; at most 40 fit in a TCP header");
        }
        return out;
    }

    private static void arity(int lineNo, String[] w, int n) {
        if (w.length != n) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "options", "option '" + String.join(" ", w) + "' takes " + (n - 1) + " value(s)");
        }
    }

    private static Bytes hex(int lineNo, String s) {
        if (s.matches("[A-Z_][A-Z0-9_]*")) {
            throw new ScriptException(lineNo, Kind.UNSUPPORTED, "define", "'" + s + "' is a -D define of the packetdrill command line; defines are not supported");
        }
        if (s.length() % 2 != 0 || !s.matches("[0-9a-fA-F]+")) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "options", "a cookie is an even number of hex digits, got '" + s + "'");
        }
        return Bytes.fromHex(s);
    }

    static long unsigned32(int lineNo, String s, String what) {
        return ranged(lineNo, s, what, 0xFFFF_FFFFL);
    }

    private static long ranged(int lineNo, String s, String what, long max) {
        if (s == null || !s.matches("\\d{1,10}")) {
            throw new ScriptException(lineNo, Kind.SYNTAX, what, what + " must be a number, got '" + (s == null ? "" : s) + "'");
        }
        long v = Long.parseLong(s);
        if (v > max) {
            throw new ScriptException(lineNo, Kind.SYNTAX, what, what + " must be between 0 and " + max + ", got " + v);
        }
        return v;
    }

    // ---------------------------------------------------------------- system calls

    private static Script.SyscallEvent syscall(int lineNo, String text, Timing timing, Timing end, String action) {
        Matcher m = SYSCALL.matcher(action);
        if (!m.matches()) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "syscall", "expected a packet (< or >), a `command`, or name(args) = result, got '" + action + "'");
        }
        String name = m.group(1);
        if (!SYSCALLS.contains(name)) {
            throw new ScriptException(lineNo, Kind.UNSUPPORTED, "syscall", "the system call " + name + "() is not supported; the lab runs "
                    + String.join(", ", new java.util.TreeSet<>(SYSCALLS)));
        }
        String r = m.group(3);
        long result = r.startsWith("0x") ? Long.parseLong(r.substring(2), 16) : Long.parseLong(r);
        if (result < 0 && m.group(4) == null) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "syscall", "a failing call is written '= -1 ERRNO (text)'");
        }
        return new Script.SyscallEvent(lineNo, text, timing, end, name, splitArgs(lineNo, m.group(2)), result, m.group(4));
    }

    /** Arguments split at top-level commas: {@code [1]}, {@code {...}} and {@code (...)} nest. */
    private static List<String> splitArgs(int lineNo, String s) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '[' || ch == '{' || ch == '(') {
                depth++;
            } else if (ch == ']' || ch == '}' || ch == ')') {
                depth--;
                if (depth < 0) {
                    throw new ScriptException(lineNo, Kind.SYNTAX, "syscall", "unbalanced brackets in the arguments");
                }
            }
            if (ch == ',' && depth == 0) {
                args.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (depth != 0) {
            throw new ScriptException(lineNo, Kind.SYNTAX, "syscall", "unbalanced brackets in the arguments");
        }
        if (!cur.isEmpty() || !args.isEmpty()) {
            args.add(cur.toString().strip());
        }
        return args;
    }

    /** A left-to-right reader over one packet line. */
    private static final class Cursor {
        private final int lineNo;
        private final String s;
        private int i;

        Cursor(int lineNo, String s) {
            this.lineNo = lineNo;
            this.s = s;
            skip();
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean atEnd() { return i >= s.length(); }

        char peek() { return atEnd() ? '\0' : s.charAt(i); }

        String rest() { return s.substring(i); }

        String word() {
            if (atEnd()) {
                throw new ScriptException(lineNo, Kind.SYNTAX, "packet", "the packet line ends too early: expected flags, start:end(length) and win");
            }
            int from = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String w = s.substring(from, i);
            skip();
            return w;
        }

        /** The text between the bracket at the cursor and {@code close}. */
        String until(char close) {
            int end = s.indexOf(close, i + 1);
            if (end < 0) {
                throw new ScriptException(lineNo, Kind.SYNTAX, "packet", "'" + s.charAt(i) + "' is never closed with '" + close + "'");
            }
            String body = s.substring(i + 1, end);
            i = end + 1;
            skip();
            return body;
        }
    }
}
