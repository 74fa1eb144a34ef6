package dev.handshakelab.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What reading history costs on a session of many runs, as H2 plans it before it has analyzed
 * the table (it may never do so): on a session full to its event budget, a page of 500
 * connections took 5-10 s, and a far page of history filtered by kind up to 6 s.
 */
class HistoryReadsTest {

    static final int CONNECTIONS = 1000;

    final UUID session = UUID.randomUUID();
    JdbcDataSource db;
    JdbcTemplate sql;
    SessionEventStore store;

    @BeforeEach
    void aSessionOf2000Runs() {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:reads-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        db.setUser("sa");
        Flyway.configure().dataSource(db).load().migrate();
        sql = new JdbcTemplate(db);
        sql.update("""
                insert into lab_session (id, name, seed, profile, knobs, server_address, server_port, client_address, start_micros,
                                         step_count, event_count, now_micros, created_at, updated_at, version, owner_guest_id)
                values (?, 'many connections', 1, 'linux', '{}', '10.0.0.2', 80, '10.0.0.1', 0, 1, 2000, 0,
                        current_timestamp, current_timestamp, 0, random_uuid())""", session);
        // 1,000 connections, two runs each: their SYN, then (after everyone's SYN) the server's answer
        List<StoredEvent> events = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int port = 0; port < CONNECTIONS; port++) {
                long index = events.size();
                events.add(new StoredEvent(index, 1, index, round == 0 ? "segment-sent" : "state-changed", "server",
                        connection(32768 + port), null, "{\"index\":" + index + "}"));
            }
        }
        store = new SessionEventStore(JdbcClient.create(db), sql);
        store.append(session, events);
        // as H2 sees a table it has not analyzed: the default selectivity on every column
        for (String column : List.of("session_id", "first_event", "event_count", "step_no", "connection", "meta", "bodies")) {
            sql.execute("alter table session_event_run alter column " + column + " selectivity 50");
        }
    }

    @Test
    void oneConnectionsRunsAreReadThroughTheConnectionIndex_notByScanningTheSession() {
        String plan = sql.queryForObject("explain analyze " + SessionEventStore.walkSql(true, false, true), String.class,
                session, connection(33000), -1L);
        assertThat(plan).contains("SESSION_EVENT_RUN_CONNECTION");
        assertThat(scanCount(plan)).isLessThanOrEqualTo(3);

        assertThat(store.connectionEvents(session, List.of(connection(33000), connection(32768)), List.of("segment-sent",
                "state-changed"), 10)).extracting(StoredEvent::index).containsExactly(0L, 232L, 1000L, 1232L);
    }

    @Test
    void aFilteredPageWalksTheHistoryOnce_andReadsOnlyTheRunsAroundItsEvents() {
        sql.execute("set query_statistics true");

        SessionEventStore.Page page = store.page(session, new HistoryFilter(null, "state-changed", null, null), 1, 100);

        assertThat(page.total()).isEqualTo(CONNECTIONS);
        assertThat(page.bodies()).containsExactlyElementsOf(
                LongStream.range(1100, 1200).mapToObj(i -> "{\"index\":" + i + "}").toList());
        long walkBatches = sql.queryForList("select sql_statement, execution_count from information_schema.query_statistics")
                .stream().filter(row -> ((String) row.get("SQL_STATEMENT")).contains("null as bodies"))
                .mapToLong(row -> ((Number) row.get("EXECUTION_COUNT")).longValue()).sum();
        // one walk through 2,000 runs in batches of 128 (counting, then walking again to the page, took 26)
        assertThat(walkBatches).isLessThanOrEqualTo(2 * CONNECTIONS / 128 + 1);

        String plan = new NamedParameterJdbcTemplate(db).queryForObject("explain analyze " + SessionEventStore.RUNS_SQL,
                Map.of("session", session, "lo", 1100L, "hi", 1199L, "firsts", List.of(1100L, 1150L, 1199L)), String.class);
        // the 100 runs from 1100 to 1199 and the one after, where the range ends; not the session's 2,000
        assertThat(scanCount(plan)).isLessThanOrEqualTo(101);
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
