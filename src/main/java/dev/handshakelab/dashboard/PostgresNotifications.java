package dev.handshakelab.dashboard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, hears every instance's dashboard updates: {@code LISTEN handshakelab_dashboard}
 * on a connection of its own (not one of the pool's: it is held for as long as the app runs),
 * waiting in pgjdbc's {@link PGConnection#getNotifications(int)}. Each notification names a
 * course whose log grew; the course's streams here then read what they have not had. A lost
 * connection is opened again, and every watched course is read once, since notifications sent
 * meanwhile were lost. On H2 (one instance) nothing listens: updates are delivered in-process.
 */
@Component
class PostgresNotifications implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);

    private final DashboardFeed feed;
    private final DashboardStreams streams;
    private final DataSourceProperties database;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    PostgresNotifications(DashboardFeed feed, DashboardStreams streams, DataSourceProperties database) {
        this.feed = feed;
        this.streams = streams;
        this.database = database;
    }

    @Override
    public void start() {
        if (!feed.postgres()) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, "dashboard-listen");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        while (running) {
            try (Connection c = DriverManager.getConnection(database.determineUrl(), database.determineUsername(),
                    database.determinePassword())) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + DashboardFeed.CHANNEL);
                }
                streams.grewAll();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(1000);
                    if (received != null) {
                        for (PGNotification n : received) {
                            streams.grew(UUID.fromString(n.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("dashboard: listening for notifications failed; listening again in 1 s", e);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing to wake the listener up; it is going away
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        stop();
    }
}
