package dev.handshakelab.core.flood;

import java.util.List;

/**
 * What a SYN flood did, per bucket of virtual time: the numbers behind the plots. Counts are
 * what happened inside the bucket; queue lengths and memory are as they stood at its end.
 *
 * @param bucketMicros bucket width (the last bucket may be shorter)
 * @param bytesPerHalfOpenEntry the memory one half-open request costs ({@link HalfOpenFootprint})
 */
public record FloodSeries(long bucketMicros, int bytesPerHalfOpenEntry, List<Bucket> buckets) {

    public FloodSeries {
        buckets = List.copyOf(buckets);
    }

    /**
     * One bucket.
     *
     * @param atMicros the bucket's start
     * @param synQueue half-open requests in the SYN queue at the bucket's end
     * @param acceptQueue completed connections waiting for accept() at the end
     * @param synsReceived SYNs that reached the listener's {@code tcp_conn_request} (attack and legitimate)
     * @param synsDropped of those, dropped: SYN queue full with syncookies 0 (TCPReqQFullDrop),
     *     accept queue full (ListenOverflows), or the tcp_max_syn_backlog reserve
     * @param synAcksSent SYN-ACKs sent in answer to a SYN: queued requests' and cookie ones
     * @param synAcksResent SYN-ACKs retransmitted by the request timer
     * @param cookiesSent SYN-ACKs carrying a cookie (LINUX_MIB_SYNCOOKIESSENT)
     * @param cookiesValidated 3rd ACKs accepted as cookies (LINUX_MIB_SYNCOOKIESRECV)
     * @param legitAttempts legitimate clients that called connect()
     * @param legitSuccesses legitimate connections the server completed (child created)
     * @param legitFailures legitimate connect() calls that gave up (ETIMEDOUT or refused)
     * @param legitConnectLatencyMicrosP50 median time from connect() to the server completing
     *     the handshake, over this bucket's successes; null when there were none
     * @param halfOpenBytes server memory held by half-open requests at the end
     */
    public record Bucket(long atMicros, int synQueue, int acceptQueue, long synsReceived, long synsDropped,
                         long synAcksSent, long synAcksResent, long cookiesSent, long cookiesValidated,
                         long legitAttempts, long legitSuccesses, long legitFailures,
                         Long legitConnectLatencyMicrosP50, long halfOpenBytes) {}

    /** Sums over every bucket (queue lengths: the largest seen). */
    public Bucket totals() {
        int maxSyn = 0;
        int maxAccept = 0;
        long[] sum = new long[10];
        for (Bucket b : buckets) {
            maxSyn = Math.max(maxSyn, b.synQueue());
            maxAccept = Math.max(maxAccept, b.acceptQueue());
            sum[0] += b.synsReceived();
            sum[1] += b.synsDropped();
            sum[2] += b.synAcksSent();
            sum[3] += b.synAcksResent();
            sum[4] += b.cookiesSent();
            sum[5] += b.cookiesValidated();
            sum[6] += b.legitAttempts();
            sum[7] += b.legitSuccesses();
            sum[8] += b.legitFailures();
            sum[9] = Math.max(sum[9], b.halfOpenBytes());
        }
        long start = buckets.isEmpty() ? 0 : buckets.get(0).atMicros();
        return new Bucket(start, maxSyn, maxAccept, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8],
                null, sum[9]);
    }
}
