package dev.handshakelab.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster for the tests that exercise the {@code postgres} profile
 * against a real server: Debian's binaries, a fresh data directory in /tmp, a free loopback
 * port, stopped when the JVM exits. {@code HANDSHAKE_LAB_TEST_PG_URL} points the tests at an
 * existing server instead. When neither is possible, {@link #url()} returns null with
 * {@link #whyUnavailable()} saying why, and the tests skip saying so.
 */
public final class PostgresTestServer {

    private static String url;
    private static String why;
    private static boolean started;

    private PostgresTestServer() {
    }

    public static synchronized String url() {
        if (!started) {
            started = true;
            try {
                url = start();
            } catch (Exception e) {
                why = "could not start PostgreSQL: " + e.getMessage();
            }
        }
        return url;
    }

    /**
     * A new, empty database on the same server, for a test whose app instances must not share
     * accounts or history with the other tests' (each first start makes its own initial admin).
     * Null when there is no server, as {@link #url()}.
     */
    public static synchronized String freshDatabase(String name) throws java.sql.SQLException {
        String base = url();
        if (base == null) {
            return null;
        }
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(base, "app", "");
                java.sql.Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        return base.substring(0, base.lastIndexOf('/') + 1) + name;
    }

    public static String whyUnavailable() {
        return why;
    }

    private static String start() throws IOException, InterruptedException {
        String given = System.getenv("HANDSHAKE_LAB_TEST_PG_URL");
        if (given != null && !given.isBlank()) {
            return given;
        }
        Path bin = findBin();
        if (bin == null) {
            why = "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)";
            return null;
        }
        Path dir = Files.createTempDirectory("handshake-lab-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // initdb refuses to run as root; the cluster belongs to the postgres user.
            run(List.of("chown", "postgres", dir.toString()));
        }
        run(asUser(root, bin.resolve("initdb").toString(), "-D", dir.toString(), "-U", "app", "-A", "trust", "-E", "UTF8", "--no-locale"));
        run(asUser(root, bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-w", "-l", dir.resolve("log").toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir, "start"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(asUser(root, bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "stop"));
            } catch (Exception ignored) {
                // best effort at exit
            }
        }));
        run(asUser(root, bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "app", "handshake_lab"));
        return "jdbc:postgresql://127.0.0.1:" + port + "/handshake_lab";
    }

    private static Path findBin() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return null;
        }
        return Arrays.stream(versions)
                .map(v -> v.toPath().resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(Comparator.comparing(Path::toString))
                .orElse(null);
    }

    private static List<String> asUser(boolean root, String... command) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
