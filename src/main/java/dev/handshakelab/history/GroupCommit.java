package dev.handshakelab.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import jakarta.annotation.PreDestroy;

/**
 * Group commit for the embedded H2 file: a write is answered only once it is in the file, and
 * many writes share one file write.
 *
 * <p>H2 keeps committed transactions in memory and writes them to its file in the background,
 * up to {@code WRITE_DELAY} (500 ms) later, so a crash of the app lost steps it had already
 * answered 2xx. {@code WRITE_DELAY=0} writes at every commit instead, one chunk per commit; under
 * load the file then fills with chunks that each keep a little live data, and H2's work per
 * commit grew with their number until a step cost 50 times as much (README, "Benchmarks and
 * load test"). Here, as in PostgreSQL's WAL flush, a transaction that wrote takes a ticket after
 * it has committed and waits; one thread writes everything committed so far with a
 * {@code CHECKPOINT} (H2's {@code MVStore.commit()}) and releases every ticket taken before the
 * write began. Under load a write covers many steps; alone, a step waits for one write.
 *
 * <p>The write reaches the operating system, which keeps it through a crash of the app; like
 * {@code WRITE_DELAY=0} it is no fsync, so a crash of the machine can lose the last moments.
 * PostgreSQL, and an H2 database in memory, need none of this: there it does nothing.
 */
@Component
public class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final DataSource dataSource;
    private final boolean enabled;
    private final Object lock = new Object();
    /** The last ticket taken, and the last one a finished write covers. */
    private long taken;
    private long written;
    private boolean stopped;
    private Thread writer;
    /** The writer's own connection: one from the pool could be held by the very requests waiting for it. */
    private Connection connection;

    public GroupCommit(DataSource dataSource, @Value("${spring.datasource.url:}") String url) {
        this.dataSource = dataSource;
        this.enabled = url.startsWith("jdbc:h2:file:");
    }

    /**
     * Makes the current transaction, once committed, wait until it is in the database file
     * before the request goes on to be answered.
     */
    public void awaitWrittenAfterCommit() {
        if (!enabled) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                awaitWritten();
            }
        });
    }

    /** Blocks until everything committed before this call is in the file. */
    void awaitWritten() {
        synchronized (lock) {
            startWriter();
            long ticket = ++taken;
            lock.notifyAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (written < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stopped) {
                    throw new IllegalStateException("the database did not write a committed transaction to its file in 30 s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the database wrote to its file", e);
                }
            }
        }
    }

    private void startWriter() {
        if (writer == null) {
            writer = new Thread(this::writeLoop, "h2-group-commit");
            writer.setDaemon(true);
            writer.start();
        }
    }

    private void writeLoop() {
        while (true) {
            long target;
            synchronized (lock) {
                while (taken == written && !stopped) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                target = taken;
            }
            // every ticket up to target was taken after its transaction committed, so this write covers it
            boolean done = checkpoint();
            synchronized (lock) {
                if (done) {
                    written = target;
                    lock.notifyAll();
                } else {
                    // the waiters stay unanswered (and give up after 30 s); try again a little later
                    try {
                        lock.wait(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private boolean checkpoint() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
            }
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT");
            }
            return true;
        } catch (SQLException e) {
            log.error("Could not write the database file; the next try takes a new connection", e);
            closeConnection();
            return false;
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // it is being replaced
        }
        connection = null;
    }

    @PreDestroy
    void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
        closeConnection();
    }
}
