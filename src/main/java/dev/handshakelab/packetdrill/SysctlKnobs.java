package dev.handshakelab.packetdrill;

import dev.handshakelab.core.profile.StackProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sysctls a script's preamble sets, mapped to the profile's knobs. A sysctl the profile has
 * no knob for is reported as ignored, not refused: scripts set many that do not touch a
 * handshake ({@code tcp_wmem}, congestion control, pacing ...).
 */
final class SysctlKnobs {

    /** What {@code defaults.sh} of the kernel's packetdrill selftests sets that the lab models. */
    static final String DEFAULTS_SUMMARY = "tcp_rmem 4096 540000 15728640, tcp_timestamps 1, tcp_sack 1, tcp_syn_retries 5, "
            + "tcp_synack_retries 5, tcp_syncookies 1, tcp_ecn 0 (the rest, such as tcp_wmem or tcp_fastopen, is not modelled)";

    private static final Pattern SETTING = Pattern.compile("([a-z0-9_.]+)=(\"[^\"]*\"|'[^']*'|\\S+)");

    private SysctlKnobs() {}

    /** tools/testing/selftests/net/packetdrill/defaults.sh, as far as the profile has knobs for it. */
    static void applyDefaults(StackProfile.Builder b) {
        b.tcpRmem(4096, 540000, 15 * 1024 * 1024).timestamps(true).sack(true).synRetries(5).synackRetries(5).syncookies(1).ecn(0);
    }

    /** The name=value settings of a {@code sysctl [-q] [-w] a=b c=d} command, in order. */
    static Map<String, String> settings(String command) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SETTING.matcher(command);
        while (m.find()) {
            String value = m.group(2);
            if (value.startsWith("\"") || value.startsWith("'")) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(m.group(1), value.strip());
        }
        return out;
    }

    /**
     * Sets the knob for one sysctl; false when the profile has none for it. Values the profile
     * refuses throw {@link IllegalArgumentException} (from the builder's validation or here).
     */
    static boolean apply(StackProfile.Builder b, String name, String value) {
        String key = name.startsWith("net.") ? name : "net.ipv4." + name;
        switch (key) {
            case "net.ipv4.tcp_timestamps" -> b.timestamps(number(value) != 0);
            case "net.ipv4.tcp_sack" -> b.sack(number(value) != 0);
            case "net.ipv4.tcp_window_scaling" -> b.windowScaling(number(value) != 0);
            case "net.ipv4.tcp_syncookies" -> b.syncookies(number(value));
            case "net.ipv4.tcp_synack_retries" -> b.synackRetries(number(value));
            case "net.ipv4.tcp_syn_retries" -> b.synRetries(number(value));
            case "net.ipv4.tcp_syn_linear_timeouts" -> b.synLinearTimeouts(number(value));
            case "net.ipv4.tcp_invalid_ratelimit" -> b.invalidRatelimitMillis(number(value));
            case "net.ipv4.tcp_ecn" -> b.ecn(number(value));
            case "net.ipv4.tcp_max_syn_backlog" -> b.maxSynBacklog(number(value));
            case "net.ipv4.tcp_abort_on_overflow" -> b.abortOnOverflow(number(value) != 0);
            case "net.ipv4.tcp_min_snd_mss" -> b.minSndMss(number(value));
            case "net.ipv4.tcp_fastopen" -> b.tcpFastopen(number(value));
            case "net.core.somaxconn" -> b.somaxconn(number(value));
            case "net.core.rmem_max" -> b.rmemMax(number(value));
            case "net.ipv4.tcp_rmem" -> {
                String[] v = value.trim().split("\\s+");
                if (v.length != 3) {
                    throw new IllegalArgumentException("tcp_rmem takes three numbers: min default max");
                }
                b.tcpRmem(number(v[0]), number(v[1]), number(v[2]));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static int number(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + v + "'");
        }
    }
}
