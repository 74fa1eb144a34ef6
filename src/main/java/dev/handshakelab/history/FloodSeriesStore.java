package dev.handshakelab.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.handshakelab.core.flood.FloodSeries;

import tools.jackson.databind.json.JsonMapper;

/**
 * The time series of each flood step, one row per step, the buckets stored column-wise (one
 * array per quantity) so that 5000 buckets stay well under the column's million characters.
 */
@Repository
public class FloodSeriesStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public FloodSeriesStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void save(UUID sessionId, int stepNo, FloodSeries series) {
        jdbc.sql("insert into flood_series (session_id, step_no, bucket_micros, bucket_count, series) values (?, ?, ?, ?, ?)")
                .params(sessionId, stepNo, series.bucketMicros(), series.buckets().size(), json.writeValueAsString(Columns.of(series)))
                .update();
    }

    /** The series of one flood step. */
    public Optional<FloodSeries> find(UUID sessionId, int stepNo) {
        return jdbc.sql("select series from flood_series where session_id = ? and step_no = ?")
                .params(sessionId, stepNo).query(String.class).optional()
                .map(body -> json.readValue(body, Columns.class).toSeries());
    }

    /** The step number of the session's latest flood, if it has one. */
    public Optional<Integer> latestStep(UUID sessionId) {
        return jdbc.sql("select max(step_no) from flood_series where session_id = ?")
                .params(sessionId).query(Integer.class).optional();
    }

    /** The stored form: one array per quantity, index = bucket. */
    record Columns(long bucketMicros, int bytesPerHalfOpenEntry, long[] atMicros, int[] synQueue, int[] acceptQueue,
            long[] synsReceived, long[] synsDropped, long[] synAcksSent, long[] synAcksResent, long[] cookiesSent,
            long[] cookiesValidated, long[] legitAttempts, long[] legitSuccesses, long[] legitFailures,
            Long[] legitConnectLatencyMicrosP50, long[] halfOpenBytes) {

        static Columns of(FloodSeries s) {
            int n = s.buckets().size();
            Columns c = new Columns(s.bucketMicros(), s.bytesPerHalfOpenEntry(), new long[n], new int[n], new int[n], new long[n],
                    new long[n], new long[n], new long[n], new long[n], new long[n], new long[n], new long[n], new long[n],
                    new Long[n], new long[n]);
            for (int i = 0; i < n; i++) {
                FloodSeries.Bucket b = s.buckets().get(i);
                c.atMicros[i] = b.atMicros();
                c.synQueue[i] = b.synQueue();
                c.acceptQueue[i] = b.acceptQueue();
                c.synsReceived[i] = b.synsReceived();
                c.synsDropped[i] = b.synsDropped();
                c.synAcksSent[i] = b.synAcksSent();
                c.synAcksResent[i] = b.synAcksResent();
                c.cookiesSent[i] = b.cookiesSent();
                c.cookiesValidated[i] = b.cookiesValidated();
                c.legitAttempts[i] = b.legitAttempts();
                c.legitSuccesses[i] = b.legitSuccesses();
                c.legitFailures[i] = b.legitFailures();
                c.legitConnectLatencyMicrosP50[i] = b.legitConnectLatencyMicrosP50();
                c.halfOpenBytes[i] = b.halfOpenBytes();
            }
            return c;
        }

        FloodSeries toSeries() {
            List<FloodSeries.Bucket> buckets = new ArrayList<>(atMicros.length);
            for (int i = 0; i < atMicros.length; i++) {
                buckets.add(new FloodSeries.Bucket(atMicros[i], synQueue[i], acceptQueue[i], synsReceived[i], synsDropped[i],
                        synAcksSent[i], synAcksResent[i], cookiesSent[i], cookiesValidated[i], legitAttempts[i],
                        legitSuccesses[i], legitFailures[i], legitConnectLatencyMicrosP50[i], halfOpenBytes[i]));
            }
            return new FloodSeries(bucketMicros, bytesPerHalfOpenEntry, buckets);
        }
    }
}
