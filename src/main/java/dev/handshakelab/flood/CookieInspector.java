package dev.handshakelab.flood;


import org.springframework.stereotype.Component;

import dev.handshakelab.core.tcp.SynCookies;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.session.SessionService;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.web.InvalidRequestException;

import tools.jackson.databind.JsonNode;

/**
 * Opens up SYN cookies with the session's own secrets. All arithmetic is the core's
 * ({@link SynCookies#open}, {@link SynCookies#decodeTimestamp}); this class only gathers the
 * inputs and says what the numbers mean.
 */
@Component
public class CookieInspector {

    private static final String FORMULA = "cookie = hash1(4-tuple) + clientIsn + (counter << 24) + ((hash2(4-tuple, counter) + mssIndex) mod 2^24)";

    private final SessionService sessions;

    public CookieInspector(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The SYN-ACK to inspect, from a history event or from the numbers given. */
    private record SynAckInput(IpAddress client, int clientPort, long seq, long ack, long atMicros, Long tsVal) {}

    public CookieInspection inspect(String id, CookieInspectRequest r) {
        SessionView session = sessions.get(id);
        SynAckInput in = r.eventIndex() != null ? fromEvent(id, r.eventIndex()) : fromNumbers(r);
        TcpHost server = sessions.serverSecrets(id);
        IpAddress serverAddress = IpAddress.parse(session.server().address());
        int serverPort = session.server().port();
        long clientIsn = (in.ack() - 1) & 0xFFFF_FFFFL;
        SynCookies.Opened opened = server.cookies().open(in.atMicros(), (int) in.seq(), in.client(), serverAddress, in.clientPort(),
                serverPort, (int) clientIsn);
        // the MSS index reads in the family's table: cookie_v4_check's msstab or cookie_v6_check's
        boolean v6 = serverAddress.ipv6();
        CookieInspection.Parts parts = parts(in.seq(), clientIsn, opened, v6);
        long offset = Integer.toUnsignedLong(server.isns().tsOffset(serverAddress, serverPort, in.client(), in.clientPort()));
        CookieInspection.Timestamps ts = in.tsVal() == null ? noTimestamps() : timestamps(in.tsVal(), offset,
                "TSval on the wire = cookie timestamp + TS offset; the low 6 bits are read after taking the offset off");
        CookieInspection.AckCheck ack = r.finalAck() == null ? null
                : check(server, r.finalAck(), in, serverAddress, serverPort, offset, v6);
        return new CookieInspection(new CookieInspection.SynAck(new HostPort(in.client(), in.clientPort()).toString(),
                new HostPort(serverAddress, serverPort).toString(), in.seq(), in.ack(), in.atMicros()), parts, ts, ack);
    }

    private static CookieInspection.Parts parts(long cookie, long clientIsn, SynCookies.Opened o, boolean v6) {
        boolean ok = o.verdict() >= 0;
        String verdict;
        if (o.verdict() == SynCookies.TOO_OLD) {
            verdict = "not a cookie made at that time: its counter " + o.counter() + " is " + o.ageMinutes()
                    + " minutes from minute " + o.nowCounter() + " (MAX_SYNCOOKIE_AGE is " + SynCookies.MAX_AGE_MINUTES + ")";
        } else if (!ok) {
            verdict = "hash check fails: after taking hash2 off, the low 24 bits are " + o.mssIndex()
                    + ", not an MSS index 0..3; this ISN was not made by this server's cookie function for this 4-tuple "
                    + "(a queued request's ISN, or a forgery)";
        } else {
            verdict = "a valid cookie: minute counter " + o.counter() + ", MSS index " + o.mssIndex() + " = MSS "
                    + SynCookies.mssOf(o.mssIndex(), v6) + " (the client's MSS rounded down to the table"
                    + (v6 ? " of cookie_v6_init_sequence, IPv6's own: 1220, 1420, 1440, 8940)" : ")");
        }
        return new CookieInspection.Parts(cookie, String.format("0x%08x", cookie), clientIsn, Integer.toUnsignedLong(o.hash1()),
                o.counter(), "minute " + o.counter() + " of virtual time (mod 256): " + o.counter() + ":00 to " + o.counter() + ":59",
                o.ageMinutes(), o.verdict() == SynCookies.TOO_OLD ? null : Integer.toUnsignedLong(o.hash2()),
                o.verdict() == SynCookies.TOO_OLD ? null : o.mssIndex(), ok ? SynCookies.mssOf(o.mssIndex(), v6) : null,
                SynCookies.mssTable(v6), ok,
                verdict, FORMULA);
    }

    private static CookieInspection.Timestamps timestamps(long wire, long offset, String text) {
        long cookieTs = (wire - offset) & 0xFFFF_FFFFL;
        SynCookies.TimestampOptions o = SynCookies.decodeTimestamp(cookieTs);
        return new CookieInspection.Timestamps(true, wire, offset, cookieTs, String.format("0x%02x", wire & 0x3f),
                String.format("0x%02x", cookieTs & 0x3f), o.wscaleOk() ? o.peerShift() : null, o.sackOk(), o.ecnOk(), text);
    }

    private static CookieInspection.Timestamps noTimestamps() {
        return new CookieInspection.Timestamps(false, null, null, null, null, null, null, null, null,
                "no timestamps: the cookie is the ISN alone, and 2 of its bits name the MSS. The client's window scale, "
                        + "SACK-permitted and ECN have nowhere to go (tcp_clear_options), so the SYN-ACK carried MSS only and the "
                        + "connection runs without window scaling (64 KiB window at most), without SACK and without ECN.");
    }

    private CookieInspection.AckCheck check(TcpHost server, CookieInspectRequest.FinalAck a, SynAckInput in,
            IpAddress serverAddress, int serverPort, long offset, boolean v6) {
        if (a.seq() == null || a.ack() == null) {
            throw new InvalidRequestException("finalAck", "seq and ack", "needs seq and ack (atMicros defaults to the SYN-ACK's time)");
        }
        long seq = u32("finalAck.seq", a.seq());
        long ack = u32("finalAck.ack", a.ack());
        long at = a.atMicros() == null ? in.atMicros() : a.atMicros();
        SynCookies.Opened o = server.cookies().open(at, (int) (ack - 1), in.client(), serverAddress, in.clientPort(), serverPort,
                (int) (seq - 1));
        boolean valid = o.verdict() >= 0;
        String reason;
        if (o.verdict() == SynCookies.TOO_OLD) {
            reason = "fails the age check: ACK − 1 carries minute counter " + o.counter() + ", " + o.ageMinutes()
                    + " minutes before minute " + o.nowCounter() + "; a cookie is good in its minute and the next only "
                    + "(MAX_SYNCOOKIE_AGE " + SynCookies.MAX_AGE_MINUTES + "). Linux answers RST seq = " + ack + ".";
        } else if (!valid) {
            reason = "fails the hash check: ACK − 1 minus hash1, SEQ − 1 and hash2 leaves " + o.mssIndex()
                    + ", not an MSS index 0..3 (wrong ack, wrong seq, or another 4-tuple). Linux answers RST seq = " + ack + ".";
        } else {
            reason = "passes: counter " + o.counter() + " is " + o.ageMinutes() + " minute(s) old (< " + SynCookies.MAX_AGE_MINUTES
                    + ") and the hash leaves MSS index " + o.mssIndex() + ", so the connection is rebuilt with MSS "
                    + SynCookies.mssOf(o.mssIndex(), v6) + ". (Linux checks cookies only while the listener has sent one in the last "
                    + SynCookies.VALID_MICROS / 60_000_000 + " minutes.)";
        }
        CookieInspection.Timestamps echoed = a.tsEcr() == null || !valid ? null
                : timestamps(u32("finalAck.tsEcr", a.tsEcr()), offset, "TSecr echoes the SYN-ACK's TSval; minus the TS offset, "
                        + "its low 6 bits give back the client's options (cookie_timestamp_decode)");
        return new CookieInspection.AckCheck(seq, ack, at, valid, o.ageMinutes(), valid ? o.mssIndex() : null,
                valid ? SynCookies.mssOf(o.mssIndex(), v6) : null, reason, echoed);
    }

    private SynAckInput fromEvent(String id, long index) {
        JsonNode e = sessions.storedEvent(id, index).orElseThrow(() -> new InvalidRequestException("eventIndex", "existing event",
                "there is no event " + index + " in this session's history"));
        JsonNode seg = e.get("segment");
        boolean synAck = seg != null && "server".equals(seg.get("sender").asString())
                && seg.get("letters").asString().startsWith("S") && seg.get("letters").asString().contains(".");
        if (!"segment-sent".equals(e.get("kind").asString()) || !synAck) {
            throw new InvalidRequestException("eventIndex", "a SYN-ACK the server sent",
                    "event " + index + " is a " + e.get("kind").asString() + ", not a SYN-ACK sent by the server");
        }
        String to = seg.get("to").asString();
        int colon = to.lastIndexOf(':');
        Long tsVal = null;
        for (JsonNode o : seg.get("options")) {
            if ("timestamps".equals(o.get("kind").asString())) {
                tsVal = o.get("tsVal").asLong();
            }
        }
        // "10.0.0.1:40000" or, for IPv6, "[2001:db8::1]:40000" (HostPort's text, RFC 5952 §6)
        String host = to.substring(0, colon).replace("[", "").replace("]", "");
        return new SynAckInput(IpAddress.parse(host), Integer.parseInt(to.substring(colon + 1)),
                seg.get("seq").asLong(), seg.get("ack").asLong(), seg.get("atMicros").asLong(), tsVal);
    }

    private static SynAckInput fromNumbers(CookieInspectRequest r) {
        if (r.seq() == null || r.ack() == null || r.client() == null || r.client().address() == null || r.client().port() == null) {
            throw new InvalidRequestException("eventIndex", "eventIndex, or seq + ack + client",
                    "give eventIndex, or the SYN-ACK's seq, ack and client {address, port}");
        }
        IpAddress client;
        try {
            client = IpAddress.parse(r.client().address());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("client.address", "ip-address", "must be an IP address: " + e.getMessage());
        }
        if (r.client().port() < 0 || r.client().port() > 65535) {
            throw new InvalidRequestException("client.port", "0..65535", "must be between 0 and 65535");
        }
        long at = r.atMicros() == null ? 0 : r.atMicros();
        if (at < 0) {
            throw new InvalidRequestException("atMicros", "not negative", "must not be negative");
        }
        return new SynAckInput(client, r.client().port(), u32("seq", r.seq()), u32("ack", r.ack()), at,
                r.tsVal() == null ? null : u32("tsVal", r.tsVal()));
    }

    private static long u32(String field, long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new InvalidRequestException(field, "0..4294967295", "must be between 0 and 4294967295");
        }
        return v;
    }
}
