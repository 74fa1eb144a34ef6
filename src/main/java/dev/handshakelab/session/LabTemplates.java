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
