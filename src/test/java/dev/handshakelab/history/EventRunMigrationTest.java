package dev.handshakelab.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * History written before runs existed (one row per event, schema V4) reads the same after
 * migration V5: same events, same order, same filter columns.
 */
class EventRunMigrationTest {

    @Test
    void eventsStoredOneARowReadTheSameAfterTheMigration() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:v5-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        db.setUser("sa");
        Flyway.configure().dataSource(db).target("4").load().migrate();
        JdbcTemplate sql = new JdbcTemplate(db);
        UUID session = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.parse("2026-11-25T07:00:00Z");
        sql.update("""
                insert into lab_session (id, name, seed, profile, knobs, server_address, server_port, client_address, start_micros,
                                         step_count, event_count, now_micros, created_at, updated_at, version)
                values (?, 'old', 1, 'linux', '{}', '10.0.0.2', 80, '10.0.0.1', 0, 2, 3, 0, ?, ?, 0)""", session, now, now);
        String conn = "10.0.0.1:40000-10.0.0.2:80";
        List<StoredEvent> before = List.of(
                new StoredEvent(0, 1, 0, "segment-sent", "client", conn, "client-to-server", "{\"index\":0}"),
                new StoredEvent(1, 1, 0, "state-changed", "server", conn, null, "{\"index\":1}"),
                new StoredEvent(2, 2, 1_000_000, "flood-summary", null, null, null, "{\"index\":2}"));
        for (StoredEvent e : before) {
            sql.update("""
                    insert into session_event (session_id, event_index, step_no, at_micros, kind, host, connection, direction, body)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", session, e.index(), e.stepNo(), e.atMicros(), e.kind(), e.host(),
                    e.connection(), e.direction(), e.body());
        }

        Flyway.configure().dataSource(db).load().migrate();

        SessionEventStore store = new SessionEventStore(JdbcClient.create(db), sql);
        assertThat(store.range(session, 0, 10)).isEqualTo(before);
        assertThat(store.count(session, HistoryFilter.ALL)).isEqualTo(3);
        assertThat(store.page(session, new HistoryFilter(conn, null, null, null), 0, 10).bodies()).containsExactly("{\"index\":0}", "{\"index\":1}");
        assertThat(store.page(session, new HistoryFilter(null, null, null, "client-to-server"), 0, 10).bodies()).containsExactly("{\"index\":0}");
        assertThat(store.connections(session, 0, 10)).containsExactly(conn);
        assertThat(store.connectionEvents(session, List.of(conn), List.of("state-changed"), 10)).containsExactly(before.get(1));

        // history goes on where it stopped
        StoredEvent next = new StoredEvent(3, 3, 2_000_000, "segment-sent", "client", conn, "client-to-server", "{\"index\":3}");
        store.append(session, List.of(next));
        assertThat(store.range(session, 2, 4)).containsExactly(before.get(2), next);
    }
}
