package dev.handshakelab.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reading one connection's history (its timeline, a page of /connections, history filtered by
 * connection) reads that connection's runs through the connection index, not every run of the
 * session: on a session full to its event budget a page of 500 connections took 5-10 s.
 */
class ConnectionWalkTest {

    @Test
    void oneConnectionsRunsAreReadThroughTheConnectionIndex_notByScanningTheSession() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:walk-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        db.setUser("sa");
        Flyway.configure().dataSource(db).load().migrate();
        JdbcTemplate sql = new JdbcTemplate(db);
        UUID session = UUID.randomUUID();
        sql.update("""
                insert into lab_session (id, name, seed, profile, knobs, server_address, server_port, client_address, start_micros,
                                         step_count, event_count, now_micros, created_at, updated_at, version)
                values (?, 'many connections', 1, 'linux', '{}', '10.0.0.2', 80, '10.0.0.1', 0, 1, 2000, 0,
                        current_timestamp, current_timestamp, 0)""", session);
        // 1,000 connections, two runs each: their SYN, then (after everyone's SYN) the server's answer
        List<StoredEvent> events = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int port = 0; port < 1000; port++) {
                long index = events.size();
                events.add(new StoredEvent(index, 1, index, round == 0 ? "segment-sent" : "state-changed", "server",
                        connection(32768 + port), null, "{\"index\":" + index + "}"));
            }
        }
        SessionEventStore store = new SessionEventStore(JdbcClient.create(db), sql);
        store.append(session, events);
        // as H2 sees a table it has not analyzed yet: the default selectivity on every column
        for (String column : List.of("session_id", "first_event", "event_count", "step_no", "connection", "meta", "bodies")) {
            sql.execute("alter table session_event_run alter column " + column + " selectivity 50");
        }

        String plan = sql.queryForObject("explain analyze " + SessionEventStore.walkSql(true, false, true), String.class,
                session, connection(33000), -1L);
        assertThat(plan).contains("SESSION_EVENT_RUN_CONNECTION");
        assertThat(scanCount(plan)).isLessThanOrEqualTo(3);

        assertThat(store.connectionEvents(session, List.of(connection(33000), connection(32768)), List.of("segment-sent",
                "state-changed"), 10)).extracting(StoredEvent::index).containsExactly(0L, 232L, 1000L, 1232L);
    }

    private static String connection(int port) {
        return "10.0.0.1:" + port + "-10.0.0.2:80";
    }

    private static long scanCount(String plan) {
        int at = plan.indexOf("scanCount: ");
        assertThat(at).as("H2 reports the rows it scanned: " + plan).isNotNegative();
        return Long.parseLong(plan.substring(at + "scanCount: ".length()).split("\\D", 2)[0]);
    }
}
