package dev.handshakelab.session;

import java.util.List;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.session.api.KnobOverrides;
import dev.handshakelab.web.InvalidRequestException;

/** The server profile a session runs with: a named profile with the user's overrides applied. */
final class Profiles {

    static final String DEFAULT = "linux";

    private Profiles() {
    }

    static StackProfile resolve(String name, KnobOverrides o) {
        StackProfile base;
        try {
            base = StackProfile.named(name == null ? DEFAULT : name);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("profile", "one of linux, rfc9293, classic", e.getMessage());
        }
        if (o == null) {
            return base;
        }
        StackProfile.Builder b = base.toBuilder();
        if (o.mtu() != null) b.mtu(o.mtu());
        if (o.tcpRmem() != null) {
            List<Integer> r = o.tcpRmem();
            b.tcpRmem(r.get(0), r.get(1), r.get(2));
        }
        if (o.timestamps() != null) b.timestamps(o.timestamps());
        if (o.sack() != null) b.sack(o.sack());
        if (o.windowScaling() != null) b.windowScaling(o.windowScaling());
        if (o.syncookies() != null) b.syncookies(o.syncookies());
        if (o.synackRetries() != null) b.synackRetries(o.synackRetries());
        if (o.synRetries() != null) b.synRetries(o.synRetries());
        if (o.backlog() != null) b.backlog(o.backlog());
        if (o.somaxconn() != null) b.somaxconn(o.somaxconn());
        if (o.abortOnOverflow() != null) b.abortOnOverflow(o.abortOnOverflow());
        if (o.initialRtoMillis() != null) b.initialRtoMillis(o.initialRtoMillis());
        if (o.acceptRate() != null) b.acceptRate(o.acceptRate());
        if (o.rmemMax() != null) b.rmemMax(o.rmemMax());
        if (o.maxSynBacklog() != null) b.maxSynBacklog(o.maxSynBacklog());
        if (o.minSndMss() != null) b.minSndMss(o.minSndMss());
        if (o.invalidRatelimitMillis() != null) b.invalidRatelimitMillis(o.invalidRatelimitMillis());
        if (o.synLinearTimeouts() != null) b.synLinearTimeouts(o.synLinearTimeouts());
        if (o.ecn() != null) b.ecn(o.ecn());
        if (o.tcpMaxseg() != null) b.tcpMaxseg(o.tcpMaxseg()); // 0 or 88..65535: KnobOverrides' @OffOrBetween
        if (o.deferAcceptSeconds() != null) b.deferAcceptSeconds(o.deferAcceptSeconds());
        if (o.tcpFastopen() != null) b.tcpFastopen(o.tcpFastopen());
        if (o.fastOpenQlen() != null) b.fastOpenQlen(o.fastOpenQlen());
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // Knobs that are fine alone but not together, e.g. tcpRmem not in ascending order.
            throw new InvalidRequestException("overrides", "consistent knobs", e.getMessage());
        }
    }
}
