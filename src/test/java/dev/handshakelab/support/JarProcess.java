package dev.handshakelab.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The app as users run it: the jar Maven packaged, extracted under {@code target/app} with its
 * class data sharing archive (README, "Memory and start-up"), started as its own process with the
 * JVM options the product runs with, so that a test can kill it as a crash would (SIGKILL, no
 * shutdown hooks, nothing flushed) and start it again on the same data.
 */
public final class JarProcess implements AutoCloseable {

    /**
     * The JVM options the README gives and the Dockerfile and {@code spring-boot:run} use: the
     * serial collector and a bounded heap that starts at 64 MB, sized for a 2-core machine with a few GB (README,
     * "Memory and start-up").
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx512m");

    private final Process process;
    private final int port;
    private final StringBuffer log = new StringBuffer();

    private JarProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the packaged jar with these arguments and returns once it has said it started. */
    public static JarProcess start(List<String> args) throws IOException {
        return start(DEFAULT_JVM_OPTIONS, args);
    }

    /** As {@link #start(List)}, with these JVM options instead of the defaults. */
    public static JarProcess start(List<String> jvmOptions, List<String> args) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-XX:SharedArchiveFile=" + archive());
        command.addAll(List.of("-jar", jar().toString(), "--server.port=" + port, "--spring.main.banner-mode=off"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        JarProcess app = new JarProcess(p, port);
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    app.log.append(line).append('\n');
                    if (line.contains("Started HandshakeLabApplication")) {
                        started.complete(true);
                    }
                }
            } catch (IOException e) {
                // the process is gone: its log ends here
            }
            started.complete(false);
        }, "jar-log-" + port);
        reader.setDaemon(true);
        reader.start();
        boolean up;
        try {
            up = started.get(300, TimeUnit.SECONDS); // minutes, not seconds, on a 2-core machine shared with other builds
        } catch (Exception e) {
            up = false;
        }
        if (!up) {
            p.destroyForcibly();
            throw new IOException("the app did not start:\n" + app.log);
        }
        return app;
    }

    /** The runnable jar {@code mvn package} extracted: failsafe's integration tests run after it. */
    static Path jar() throws IOException {
        return packaged("handshake-lab.jar");
    }

    /** The class data sharing archive the package's training run wrote beside the jar. */
    static Path archive() throws IOException {
        return packaged("handshake-lab.jsa");
    }

    private static Path packaged(String name) throws IOException {
        Path file = Path.of("target", "app", name);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + file + ": run mvn package first (without -DskipApp)");
        }
        return file;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The app's process id, for tools such as jcmd. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        return log.toString();
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
