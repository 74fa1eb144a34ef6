package dev.handshakelab.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.handshakelab.session.api.KnobOverrides;
import dev.handshakelab.session.api.MatchRequest;
import dev.handshakelab.session.api.MiddleboxRequest;
import dev.handshakelab.session.api.PathRequest;

/** The catalogue of ready-made labs. */
@Component
public class LabTemplates {

    static final String SERVER = LabAddresses.SERVER_V4;
    static final int PORT = 80;
    static final String CLIENT = LabAddresses.CLIENT_V4;

    private final List<LabTemplate> templates = new ArrayList<>();

    public LabTemplates() {
        add("basic-handshake", "Basic handshake",
                "A Linux server listens on 10.0.0.2:80. Open a connection to it by hand, one segment at a time.",
                List.of("Send a SYN from 10.0.0.1:40000 with the Linux preset options and a sequence number of your choice.",
                        "Read the SYN-ACK: which number does it acknowledge, and which sequence number did the server pick?",
                        "Finish with an ACK: seq = your ISN + 1, ack = the server's ISN + 1."),
                List.of("ack in the SYN-ACK is your ISN + 1: a SYN takes one sequence number (RFC 9293 §3.4).",
                        "The server's ISN looks random: RFC 6528 hashes the 4-tuple with a secret.",
                        "The server goes LISTEN → SYN_RECEIVED → ESTABLISHED."),
                "linux", null, List.of());
        add("server-offer", "What does the server offer?",
                "Send SYNs with different option sets and compare the SYN-ACKs: Linux answers only what you offered.",
                List.of("Send a SYN with no options at all, then one with only MSS 1000.",
                        "Offer SACK-permitted and timestamps, then window scale 15.",
                        "Compare the SYN-ACKs' options, their order and the window field."),
                List.of("The server's MSS is 1460 whatever you offer: it comes from its own MTU.",
                        "SACK-permitted, timestamps and window scale come back only if you offered them.",
                        "The window is 64240 without timestamps and 65160 with them (45 × 1448).",
                        "A window scale of 15 is treated as 14 (RFC 7323 §2.3)."),
                "linux", null, List.of());
        add("closed-port", "Closed port",
                "Nothing listens on port 81. See how a kernel refuses a connection.",
                List.of("Send a SYN to 10.0.0.2:81.", "Send a bare ACK to 10.0.0.2:81."),
                List.of("The SYN gets RST+ACK with seq 0 and ack = your seq + 1 (RFC 9293 §3.10.7.1).",
                        "The ACK gets a RST whose seq is your ACK number, and no ACK flag."),
                "linux", null, List.of());
        add("bad-third-ack", "Bad third ACK",
                "Complete the handshake wrongly on purpose, and watch the server keep the half-open connection.",
                List.of("Send a SYN, then an ACK whose ack number is not the server's ISN + 1.",
                        "Advance the clock by 1 s, then 2 s more.", "Now send the right ACK."),
                List.of("The wrong ACK gets a RST whose seq is the ack number you sent.",
                        "The request stays in the SYN queue: the SYN-ACK is sent again at 1 s and 3 s.",
                        "The right ACK still completes the handshake."),
                "linux", null, List.of());
        add("simultaneous-open", "Simultaneous open",
                "A Linux client on 10.0.0.1:40000 opens a connection to 10.0.0.2:80 at time 0. In this lab port 80 of the "
                        + "server host is your own socket, which opens at the same moment: what the client sends there is shown "
                        + "to you (the 'you' box on the forward route) and goes no further, so the listener stays out of it.",
                List.of("Read the client's SYN in the history: its sequence number and options.",
                        "Send your own SYN from 10.0.0.2:80 to 10.0.0.1:40000 (from.address, to.address and to.port), crossing it.",
                        "Look at what the client answers, then send it a SYN-ACK: your ISN, ack = the client's ISN + 1."),
                List.of("Your SYN finds the client in SYN_SENT: it goes to SYN_RECEIVED (RFC 9293 §3.10.7.3, Figure 8).",
                        "Linux's answer is its own SYN again with ACK set: the same ISN and the full option set of its SYN, "
                                + "although your SYN may have offered less (tcp_rcv_synsent_state_process).",
                        "Your SYN-ACK acknowledges its SYN: the client goes ESTABLISHED and acknowledges yours."),
                "linux", null,
                path(List.of(new MiddleboxRequest.Loss("you", new MatchRequest(null, "client-to-server", null, null, 40000, null), null, null)),
                        List.of("you"), List.of()),
                List.of(new StepInput.Connect(40000, "linux", true)));
        ipv6();
        failureStories();
        floodTemplates();
    }

    /** The same handshake between IPv6 addresses: what the bigger header changes, and what it leaves alone. */
    private void ipv6() {
        templates.add(new LabTemplate("ipv6-handshake", "The handshake over IPv6",
                "A Linux server listens on [2001:db8::2]:80, a documentation address (RFC 3849). Open a connection to it from "
                        + "[2001:db8::1]:40000 and compare every layer with the IPv4 lab.",
                List.of("Send a SYN with the Linux preset options (the preset offers MSS 1440 here) and a sequence number of your choice.",
                        "Open the SYN-ACK in the inspector: read the IPv6 header's eight fields and the server's MSS.",
                        "Finish with an ACK: seq = your ISN + 1, ack = the server's ISN + 1.",
                        "Send raw bytes: copy your SYN's hex, change the Payload Length (bytes 4-5) and send it again."),
                List.of("The server's MSS is 1440, not 1460: MTU 1500 − 40 (IPv6 header) − 20 (TCP header); Linux's tcp_v6_syn_recv_sock "
                                + "subtracts sizeof(struct ipv6hdr).",
                        "The IPv6 header is 40 bytes with no checksum and no fragmentation fields (RFC 8200 §3): the TCP checksum alone "
                                + "covers the addresses, through a pseudo-header of 128-bit addresses, a 32-bit length and next header 6 "
                                + "(RFC 8200 §8.1).",
                        "Payload Length counts only what follows the 40-byte header; Hop Limit plays TTL's part (64); Next Header 6 is TCP.",
                        "Everything TCP does is unchanged: the ISN, the options and their order, the window, the states "
                                + "LISTEN → SYN_RECEIVED → ESTABLISHED.",
                        "Bytes whose Payload Length disagrees with their length are refused before any step runs: the receiver could "
                                + "not tell where the segment ends."),
                new LabTemplate.Defaults("linux", null, LabAddresses.SERVER_V6, PORT, LabAddresses.CLIENT_V6, null), List.of()));
    }

    /** When the handshake fails: loss, delay, firewalls and asymmetric routing, and the retransmissions they cause. */
    private void failureStories() {
        MiddleboxRequest link = new MiddleboxRequest.Delay("link", 10, null);
        add("lost-syn-ack", "Lost SYN-ACK",
                "The server's first SYN-ACK is lost on the way back (a 10 ms link each way). Both sides are left waiting and both retransmit.",
                List.of("Start a Linux client from port 40001 (Simulated client connect, Connect).",
                        "Advance the clock to 1 s, then 1.01 s, 1.02 s, 1.03 s (Clock: Advance, or To next timer) and watch both endpoints.",
                        "Open the connection's timeline (Timeline, 10.0.0.1:40001).",
                        "Create the session again from this template, and under \"Change this template's knobs or path\" make synack-loss drop the 1st and 2nd SYN-ACK (n = 1, 2): the resent SYN-ACK is lost too."),
                List.of("After the loss the client sits in SYN_SENT and the server in SYN_RECEIVED: nobody knows the SYN-ACK died.",
                        "At 1 s the client's retransmission timer fires (Linux TCP_TIMEOUT_INIT, RFC 6298 §2.1) and it resends its SYN.",
                        "The server's own timer is due at 1.01 s, but the duplicate SYN arrives first: Linux resends the SYN-ACK at once and restarts the timer (tcp_check_req).",
                        "That SYN-ACK gets through; the handshake completes at 1.02 s (client) and 1.03 s (server).",
                        "With the first two SYN-ACKs lost, the server's timer wins at 2.01 s instead."),
                "linux", null, path(List.of(link, new MiddleboxRequest.Loss("synack-loss",
                        new MatchRequest(List.of("SYN", "ACK"), null, null, null, null, null), List.of(1L), null)),
                        List.of("link"), List.of("synack-loss", "link")));
        add("asymmetric-firewall", "Firewall on the return path, asymmetric routing",
                "The client's SYN reaches the server by one route; the SYN-ACK comes back by another, through a stateful firewall (Linux conntrack) that never saw the SYN.",
                List.of("Start a Linux client from port 40001 (Simulated client connect, Connect).",
                        "Advance the clock by 135 s and read the timeline: who resent what, and who dropped it.",
                        "Create the session again from this template with fw on the forward route as well (\"Change this template's knobs or path\"): the same firewall now sees both directions.",
                        "For contrast, replace fw with a stateless filter that accepts SYN-ACKs from port 80 and drops everything else.",
                        "Make fw answer instead of staying silent: INVALID segments rejected with RST, or with ICMP admin-prohibited."),
                List.of("fw drops every SYN-ACK: 'no conntrack entry for 10.0.0.2:80 → 10.0.0.1:40001, state INVALID'. A SYN-ACK cannot create a conntrack entry.",
                        "The client sees only silence: it resends its SYN at 1, 2, 3, 4, 5 s (tcp_syn_linear_timeouts = 4), then at 7, 11, 19, 35 and 67 s, and each duplicate SYN makes the server resend its SYN-ACK at once and restart its timer.",
                        "The server's own timer fires at 1, 7, 11, 19, 35 s (the duplicate SYNs keep restarting it) and drops the request silently at 67 s (tcp_synack_retries = 5); the SYN at 67 s starts a new one.",
                        "connect() fails with ETIMEDOUT at 131 s (tcp_syn_retries 6 + tcp_syn_linear_timeouts 4 retransmissions).",
                        "With the firewall on both routes the SYN creates the entry, the SYN-ACK is ESTABLISHED in conntrack's eyes, and the handshake completes at once.",
                        "A stateless filter lets the SYN-ACK through whether or not a SYN went out: it remembers nothing.",
                        "An RST from fw goes to the server in the client's name and deletes its half-open request; ICMP reaches the server too, which ignores admin-prohibited (tcp_req_err) and keeps retransmitting."),
                "linux", null, path(List.of(new MiddleboxRequest.ConntrackFirewall("fw", "drop", null)), List.of(), List.of("fw")));
        add("lossy-link", "Lossy link",
                "Every segment in either direction is lost with probability 0.3, drawn from the session seed: the same seed loses the same segments.",
                List.of("Create sessions with seeds 1, 2 and 3, start a Linux client in each and advance the clock by 130 s.",
                        "Compare the timelines; create one seed twice and compare again.",
                        "Start several clients (ports 40001, 40002, ...) in one session and count the retransmissions."),
                List.of("A lost SYN is resent on the client's timer (1, 3, 7 … s after the first); a lost SYN-ACK on the server's timer, or at once when the client's SYN comes again.",
                        "A lost third ACK leaves the server in SYN_RECEIVED while the client is ESTABLISHED; the server's resent SYN-ACK makes the client ACK again.",
                        "Same seed, same losses: the session can be replayed exactly."),
                "linux", null, path(List.of(new MiddleboxRequest.Loss("lossy", null, null, 0.3)), List.of("lossy"), List.of("lossy")));
        add("slow-link", "Slow link",
                "600 ms each way: the round trip (1.2 s) is longer than the initial retransmission timeout (1 s).",
                List.of("Start a Linux client from port 40001 (Simulated client connect, Connect).",
                        "Advance the clock in steps of 200 ms up to 3 s and watch what is in flight (the Clock names the next timer or delivery).",
                        "Read the timeline and count the segments that were not needed."),
                List.of("The client resends its SYN at 1 s although nothing was lost: the SYN-ACK is still on its way (RFC 6298 §2.1: initial RTO 1 s).",
                        "The duplicate SYN reaches the server at 1.6 s and it resends its SYN-ACK; the client, ESTABLISHED since 1.2 s, answers that one with a challenge ACK (RFC 5961 §4).",
                        "The server is ESTABLISHED at 1.8 s, when the client's first ACK arrives: spurious retransmissions cost nothing but segments."),
                "linux", null, path(List.of(new MiddleboxRequest.Delay("slow", 600, null)), List.of("slow"), List.of("slow")));
    }

    /**
     * The SYN-flood labs (reference §3.7): the same flood against syncookies 0 and 1 so the two
     * series can be put side by side, and an application too slow to accept().
     */
    private void floodTemplates() {
        // the flood form's defaults in these labs (frontend/src/lib/flood.ts recipeFor) are this recipe
        String flood = "Start the flood with the form's defaults: 100,000 spoofed SYNs from 198.51.100.0/24 (2001:db8:5::/64 in a "
                + "session created over IPv6) at 10,000 a second, "
                + "from 1 s for 30 s, while 300 Linux clients connect at 10 a second (seed 1)";
        add("syn-flood-no-cookies", "SYN flood, no cookies",
                "A Linux server with tcp_syncookies=0 and listen(fd, 128) is flooded with spoofed SYNs: its SYN queue fills with "
                        + "half-open requests nobody will ever complete, and real clients are turned away.",
                List.of(flood + ".",
                        "Read synQueue, synsDropped, legitAttempts and legitSuccesses over time in the flood charts.",
                        "Filter the history by kind flood-sample, then look at a legitimate client's connection: its SYN and SYN retransmissions.",
                        "Create a session from syn-flood-cookies, run the very same flood (same seed) and compare the two series."),
                List.of("synQueue climbs to 129 (backlog + 1: the queue is full only when it holds more than the backlog) within 13 ms of the attack and stays there.",
                        "From then on every SYN is dropped silently (synsDropped, TCPReqQFullDrop): no SYN-ACK, no RST.",
                        "Clients that connected before the attack succeed at once; later ones only retry their SYN (1 s, 3 s, 7 s, 15 s, ...) into a full queue, so legitSuccesses stays at zero while the attack lasts.",
                        "After the attack stops, the half-open requests expire (with the queue more than half full of old requests Linux cuts their SYN-ACK retries to 2, so about 7 s) and the clients' next SYN retransmissions get in.",
                        "halfOpenBytes shows what the attack costs the server: 129 requests of about 112 bytes here, about 300 bytes each in Linux.",
                        "synAcksResent: the server keeps retransmitting SYN-ACKs to addresses that do not exist."),
                "linux", overrides(0, 128, null), List.of());
        add("syn-flood-cookies", "SYN flood with cookies",
                "The same server with tcp_syncookies=1: when the SYN queue is full it answers with SYN cookies, keeping no state, "
                        + "and real clients still get in.",
                List.of(flood + ": the same flood as in syn-flood-no-cookies.",
                        "Read cookiesSent, cookiesValidated and legitSuccesses over time in the flood charts.",
                        "Find a legitimate client's cookie SYN-ACK (Show the SYN-ACKs that carry a cookie), open the cookie and check it against the client's final ACK.",
                        "Change the final ACK's ack number by one, or its time by two minutes, and check again."),
                List.of("The SYN queue still fills with attack requests (129), but every later SYN gets a cookie SYN-ACK: synsDropped stays at zero.",
                        "Every legitimate client completes: cookiesValidated counts those that got in through a cookie.",
                        "The cookie is the SYN-ACK's ISN: a minute counter in the top 8 bits and an MSS index (536, 1300, 1440, 1460) under a hash.",
                        "With timestamps the client's wscale and SACK ride in the TSval's low 6 bits, after the TS offset is taken off; without them they are lost.",
                        "A changed ack fails the hash check, an ACK two minutes late fails the age check: Linux answers both with RST."),
                "linux", overrides(1, 128, null), List.of());
        add("accept-queue-overflow", "Accept queue overflow",
                "No attacker at all: the application calls accept() only 5 times a second, listen(fd, 8), and clients keep coming.",
                List.of("Start the flood with the form's defaults: no attack SYNs, 100 Linux clients connecting at 20 a second for 10 s.",
                        "Read acceptQueue, synsDropped and legitSuccesses over time in the flood charts.",
                        "Create another session from this template with tcp_abort_on_overflow on (\"Change this template's knobs or path\") and compare."),
                List.of("acceptQueue holds 9 (backlog + 1) and then new SYNs are dropped even though syncookies are on (ListenOverflows).",
                        "A 3rd ACK that finds the accept queue full is dropped; the client thinks it is connected while the server keeps retransmitting its SYN-ACK.",
                        "legitSuccesses follows the accept rate, 5 per second, not the arrival rate.",
                        "With abortOnOverflow the client gets an RST instead."),
                "linux", overrides(1, 8, 5), List.of());
    }

    private static KnobOverrides overrides(int syncookies, int backlog, Integer acceptRate) {
        return new KnobOverrides(null, null, null, null, null, syncookies, null, null, backlog, null, null, null, acceptRate,
                null, null, null, null, null, null, null, null, null, null);
    }

    private static PathRequest path(List<MiddleboxRequest> boxes, List<String> forward, List<String> back) {
        return new PathRequest(boxes, forward, back);
    }

    private void add(String id, String title, String summary, List<String> toTry, List<String> toObserve,
            String profile, KnobOverrides overrides, List<StepInput> setup) {
        add(id, title, summary, toTry, toObserve, profile, overrides, null, setup);
    }

    private void add(String id, String title, String summary, List<String> toTry, List<String> toObserve,
            String profile, KnobOverrides overrides, PathRequest path) {
        add(id, title, summary, toTry, toObserve, profile, overrides, path, List.of());
    }

    private void add(String id, String title, String summary, List<String> toTry, List<String> toObserve,
            String profile, KnobOverrides overrides, PathRequest path, List<StepInput> setup) {
        templates.add(new LabTemplate(id, title, summary, toTry, toObserve,
                new LabTemplate.Defaults(profile, overrides, SERVER, PORT, CLIENT, path), setup));
    }

    public List<LabTemplate> all() {
        return List.copyOf(templates);
    }

    public Optional<LabTemplate> find(String id) {
        return templates.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
