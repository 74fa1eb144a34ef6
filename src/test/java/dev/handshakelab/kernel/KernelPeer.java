package dev.handshakelab.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code kernel_peer.py} process (src/test/resources/kernel): one per test run, forking a
 * child in a fresh network namespace per scenario. Requests are JSON lines; every reply is
 * awaited with a timeout, so a stuck peer fails the scenario instead of hanging the build.
 */
final class KernelPeer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The longest a single request may take: the longest wait a scenario asks for is a few seconds. */
    private static final long REPLY_TIMEOUT_SECONDS = 30;
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    /** Set when a reply did not come: the conversation is out of step and the peer must be replaced. */
    private volatile boolean broken;

    private KernelPeer(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> pump(process.getInputStream(), true), "kernel-peer-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> pump(process.getErrorStream(), false), "kernel-peer-stderr");
        err.setDaemon(true);
        err.start();
    }

    private void pump(InputStream stream, boolean isReplies) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (isReplies) {
                    replies.add(line);
                } else {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            if (isReplies) {
                replies.add(EOF);
            }
        }
    }

    /** Starts the peer from the script on the test class path; fails with what went wrong. */
    static KernelPeer start() throws IOException {
        Path script = Files.createTempFile("kernel_peer", ".py");
        try (InputStream s = KernelPeer.class.getResourceAsStream("/kernel/kernel_peer.py")) {
            if (s == null) {
                throw new IOException("kernel/kernel_peer.py is not on the test class path");
            }
            Files.copy(s, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().deleteOnExit();
        Process p = new ProcessBuilder("python3", script.toString(), Stack.LOCAL_IP, Stack.REMOTE_IP).start();
        KernelPeer peer = new KernelPeer(p);
        JsonNode ready = peer.read();
        if (!ready.path("ready").asBoolean(false)) {
            peer.close();
            throw new IOException("kernel_peer.py did not start: " + ready);
        }
        return peer;
    }

    /** Sends a request and returns its reply; a reply with "error" is an {@link IllegalStateException}. */
    JsonNode request(Map<String, ?> request) {
        if (broken) {
            throw new IllegalStateException("kernel_peer.py is out of step after an earlier failure");
        }
        try {
            in.write(JSON.writeValueAsString(request));
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException("kernel_peer.py is gone: " + e.getMessage() + stderr(), e);
        }
        JsonNode reply = read();
        if (reply.has("error")) {
            throw new IllegalStateException("kernel_peer.py: " + reply.get("error").asString() + " (request " + request + ")" + stderr());
        }
        return reply;
    }

    private JsonNode read() {
        String line;
        try {
            line = replies.poll(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for kernel_peer.py", e);
        }
        if (line == null) {
            broken = true;
            throw new IllegalStateException("kernel_peer.py gave no answer in " + REPLY_TIMEOUT_SECONDS + " s" + stderr());
        }
        if (line.equals(EOF)) {
            broken = true;
            replies.add(EOF);
            throw new IllegalStateException("kernel_peer.py ended" + stderr());
        }
        return JSON.readTree(line);
    }

    /** Whether the peer can take the next scenario. */
    boolean usable() {
        return process.isAlive() && !broken;
    }

    private String stderr() {
        synchronized (stderr) {
            return stderr.isEmpty() ? "" : "; its stderr: " + stderr.toString().strip();
        }
    }

    @Override
    public void close() {
        if (broken) {
            process.destroyForcibly(); // its scenario child exits at the end of its wait, on the closed stdin
            return;
        }
        try {
            in.write("{\"op\":\"exit\"}\n");
            in.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
