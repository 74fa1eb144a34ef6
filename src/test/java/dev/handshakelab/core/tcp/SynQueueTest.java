package dev.handshakelab.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SYN queue's open-addressing table and deadline heap (request socks, tcp_minisocks.c idea). */
class SynQueueTest {

    private static RequestSock request(IpAddress a, int port, long deadline) {
        RequestSock r = new RequestSock(a, port, 1, 2, SynOptions.NONE, false, 0);
        r.deadline = deadline;
        return r;
    }

    @Test
    void findsEveryRequestAfterManyInsertionsAndRemovals() {
        SynQueue q = new SynQueue();
        List<RequestSock> all = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            RequestSock r = request(new Ipv4Address(0x0a000000 + i % 97), 1024 + i, i);
            q.add(r);
            all.add(r);
        }
        for (int i = 0; i < 5000; i += 3) {
            q.remove(all.get(i));
        }
        for (int i = 0; i < 5000; i++) {
            RequestSock r = all.get(i);
            assertThat(q.find(r.remoteAddress, r.remotePort)).isSameAs(i % 3 == 0 ? null : r);
        }
        assertThat(q.size()).isEqualTo(5000 - 1667);
    }

    /** reqsk_queue_len_young: a request stops being young when its timer fires for the first time. */
    @Test
    void youngCountsRequestsWhoseTimerNeverFired() {
        SynQueue q = new SynQueue();
        RequestSock a = request(new Ipv4Address(1), 1, 10);
        RequestSock b = request(new Ipv4Address(1), 2, 20);
        q.add(a);
        q.add(b);
        assertThat(q.young()).isEqualTo(2);
        assertThat(q.pollDue(15)).isSameAs(a);
        assertThat(q.pollDue(15)).isNull();
        q.aged(a);
        a.timeouts++;
        assertThat(q.young()).isEqualTo(1);
        q.remove(a);
        assertThat(q.young()).isEqualTo(1);
        q.remove(b);
        assertThat(q.young()).isZero();
        assertThat(q.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * A request completed by its 3rd ACK leaves no dead entry behind in the deadline heap, even
     * on a host nobody asks for its next deadline (a benchmark, a flood between samples).
     */
    @Test
    void completedRequestsLeaveNoTimerEntries() {
        SynQueue q = new SynQueue();
        for (int i = 0; i < 10_000; i++) {
            RequestSock r = request(new Ipv4Address(0x0a000000 + i), 40000, 1_000_000 + i);
            q.add(r);
            q.remove(r);
        }
        assertThat(q.timerEntries()).isZero();
        // behind a request still waiting for its timer, the dead stay until they reach the top
        RequestSock waiting = request(new Ipv4Address(1), 1, 5);
        q.add(waiting);
        for (int i = 0; i < 100; i++) {
            RequestSock r = request(new Ipv4Address(2), 1000 + i, 1_000_000 + i);
            q.add(r);
            q.remove(r);
        }
        assertThat(q.timerEntries()).isEqualTo(101);
        assertThat(q.pollDue(5)).isSameAs(waiting);
        assertThat(q.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(q.timerEntries()).isZero();
    }
}
