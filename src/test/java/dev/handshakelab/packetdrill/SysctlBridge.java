package dev.handshakelab.packetdrill;

import dev.handshakelab.core.profile.StackProfile;

/**
 * The packetdrill runner's sysctl-to-knob mapping, opened to the kernel-differential harness
 * (dev.handshakelab.kernel) so that the simulated side of a scenario reads a {@code sysctl}
 * exactly as a script run does.
 */
public final class SysctlBridge {

    private SysctlBridge() {}

    /** {@link SysctlKnobs#apply}: false when the profile has no knob for {@code name}. */
    public static boolean apply(StackProfile.Builder b, String name, String value) {
        return SysctlKnobs.apply(b, name, value);
    }

    /** {@link SysctlKnobs#settings}: the name=value pairs of a {@code sysctl} command, in order. */
    public static java.util.Map<String, String> settings(String command) {
        return SysctlKnobs.settings(command);
    }
}
