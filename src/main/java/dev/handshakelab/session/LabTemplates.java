package dev.handshakelab.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.handshakelab.session.api.KnobOverrides;

/** The catalogue of ready-made labs. */
@Component
public class LabTemplates {

    static final String SERVER = "10.0.0.2";
    static final int PORT = 80;
    static final String CLIENT = "10.0.0.1";

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
                "Both sides open at once: the server host connects to 10.0.0.1:40000 while your SYN is on its way.",
                List.of("Send a SYN from 10.0.0.1:40000 to 10.0.0.2:80 crossing the server host's own SYN.",
                        "Answer with a SYN-ACK."),
                List.of("Each side goes SYN_SENT → SYN_RECEIVED → ESTABLISHED (RFC 9293 Figure 8).",
                        "Linux's SYN-ACK is its own SYN again with ACK set: same ISN, same options."),
                "linux", null, List.of());
        floodTemplates();
    }

    /**
     * The SYN-flood labs (reference §3.7): the same flood against syncookies 0 and 1 so the two
     * series can be put side by side, and an application too slow to accept().
     */
    private void floodTemplates() {
        String flood = "POST /api/v1/sessions/{id}/flood with {\"syns\":100000,\"ratePerSecond\":10000,"
                + "\"sources\":{\"cidr\":\"198.51.100.0/24\"},\"startMillis\":1000,\"durationMillis\":30000,"
                + "\"legitimate\":{\"clients\":300,\"ratePerSecond\":10,\"preset\":\"linux\"},\"seed\":1}";
        add("syn-flood-no-cookies", "SYN flood, no cookies",
                "A Linux server with tcp_syncookies=0 and listen(fd, 128) is flooded with spoofed SYNs: its SYN queue fills with "
                        + "half-open requests nobody will ever complete, and real clients are turned away.",
                List.of(flood + ".",
                        "GET /api/v1/sessions/{id}/flood/series and plot synQueue, synsDropped, legitAttempts and legitSuccesses against atMicros.",
                        "Page the history with kind=flood-sample, then look at a legitimate client's connection: its SYN and SYN retransmissions.",
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
                        "Plot cookiesSent, cookiesValidated and legitSuccesses from GET /api/v1/sessions/{id}/flood/series.",
                        "Take a legitimate client's SYN-ACK from the history and POST its event index to /api/v1/sessions/{id}/cookies/inspect, with its final ACK.",
                        "Change the final ACK's ack number by one, or its atMicros by two minutes, and inspect again."),
                List.of("The SYN queue still fills with attack requests (129), but every later SYN gets a cookie SYN-ACK: synsDropped stays at zero.",
                        "Every legitimate client completes: cookiesValidated counts those that got in through a cookie.",
                        "The cookie is the SYN-ACK's ISN: a minute counter in the top 8 bits and an MSS index (536, 1300, 1440, 1460) under a hash.",
                        "With timestamps the client's wscale and SACK ride in the TSval's low 6 bits, after the TS offset is taken off; without them they are lost.",
                        "A changed ack fails the hash check, an ACK two minutes late fails the age check: Linux answers both with RST."),
                "linux", overrides(1, 128, null), List.of());
        add("accept-queue-overflow", "Accept queue overflow",
                "No attacker at all: the application calls accept() only 5 times a second, listen(fd, 8), and clients keep coming.",
                List.of("POST /api/v1/sessions/{id}/flood with {\"syns\":0,\"durationMillis\":10000,"
                                + "\"legitimate\":{\"clients\":100,\"ratePerSecond\":20,\"preset\":\"linux\"}}.",
                        "Plot acceptQueue, synsDropped and legitSuccesses from the series.",
                        "Create another session from this template with overrides {\"abortOnOverflow\":true} and compare."),
                List.of("acceptQueue holds 9 (backlog + 1) and then new SYNs are dropped even though syncookies are on (ListenOverflows).",
                        "A 3rd ACK that finds the accept queue full is dropped; the client thinks it is connected while the server keeps retransmitting its SYN-ACK.",
                        "legitSuccesses follows the accept rate, 5 per second, not the arrival rate.",
                        "With abortOnOverflow the client gets an RST instead."),
                "linux", overrides(1, 8, 5), List.of());
    }

    private static KnobOverrides overrides(int syncookies, int backlog, Integer acceptRate) {
        return new KnobOverrides(null, null, null, null, null, syncookies, null, null, backlog, null, null, null, acceptRate);
    }

    private void add(String id, String title, String summary, List<String> toTry, List<String> toObserve,
            String profile, KnobOverrides overrides, List<StepInput> setup) {
        templates.add(new LabTemplate(id, title, summary, toTry, toObserve,
                new LabTemplate.Defaults(profile, overrides, SERVER, PORT, CLIENT), setup));
    }

    public List<LabTemplate> all() {
        return List.copyOf(templates);
    }

    public Optional<LabTemplate> find(String id) {
        return templates.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
