package dev.handshakelab.pcapin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.limits.Limits;

/**
 * Captures of a real Linux 6.18 kernel (made on the build machine, see
 * src/test/resources/captures/README.md): the linux profile's SYN-ACK must match the kernel's
 * where the kernel ran with the profile's sysctls, and the differences must be explained where
 * it did not.
 */
class RealLinuxCaptureTest {

    static byte[] resource(String name) {
        try (InputStream in = RealLinuxCaptureTest.class.getResourceAsStream("/captures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static CaptureImport captures() {
        return new CaptureImport(new Limits(20000, 200000, 3600000, 2000, 500, 500, 20000, 100000, 2, 1, 2), 20000);
    }

    @Test
    void vethCaptureWithStockSysctls_linuxProfileAnswersTheSynExactlyAsTheKernelDid() {
        FlowListing listing = captures().flows(resource("linux-veth.pcap"), null);
        assertThat(listing.format()).isEqualTo("pcap");
        assertThat(listing.flows()).extracting(FlowListing.CapturedFlow::id)
                .containsExactly("10.99.0.1:48656-10.99.0.2:8080", "10.99.0.1:47286-10.99.0.2:8081");

        ReplayReport report = captures().replay(resource("linux-veth.pcap"), null, "10.99.0.1:48656-10.99.0.2:8080", "linux", null, false);
        ReplayReport.ReplayAnswer synAck = report.exchanges().get(0).answers().get(0);
        assertThat(synAck.captured().flags()).isEqualTo("S.");
        assertThat(synAck.same()).as(synAck.fields().toString()).isTrue();
        assertThat(synAck.simulated().options()).containsExactly("mss 1460", "sackOK", "TS val +0 ecr +0", "nop", "wscale 7");
        assertThat(synAck.simulated().window()).isEqualTo(65160);
        // the rest is the application closing, which the lab does not model: its FIN, and the client's
        // answers to it, which acknowledge a FIN the simulated server never sent (a challenge ACK each)
        assertThat(report.differences().get(0)).contains("the simulated linux server sends nothing").contains("neither writes nor closes");
        assertThat(report.differences()).hasSizeGreaterThan(1).allMatch(d -> d.contains("neither writes nor closes")
                || d.contains("this follows from the captured server's FIN in record 4, which the lab does not model"));
    }

    @Test
    void closedPort_theKernelsRstAckIsTheSimulatedOne_whenNothingListensThere() {
        ReplayReport report = captures().replay(resource("linux-veth.pcap"), null, "10.99.0.1:47286-10.99.0.2:8081", "linux", null, false);
        assertThat(report.serverSocket()).startsWith("No listener on 10.99.0.2:8081");
        assertThat(report.differences()).isEmpty();
        ReplayReport.ReplayAnswer rst = report.exchanges().get(0).answers().get(0);
        assertThat(rst.simulated().summary()).isEqualTo(rst.captured().summary()).isEqualTo("R. 0:0(0) ack 4008584299 win 0");
    }

    @Test
    void loopbackAnyPcapng_theKernelsOwnSysctlsShowAsExplainedDifferences() {
        byte[] file = resource("linux-loopback-any.pcapng");
        FlowListing listing = captures().flows(file, null);
        assertThat(listing.format()).isEqualTo("pcapng");
        assertThat(listing.flows()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("127.0.0.1:46928-127.0.0.1:18080");
            assertThat(f.replayable()).isTrue();
        });

        ReplayReport stock = captures().replay(file, null, null, "linux", null, false);
        ReplayReport.ReplayAnswer synAck = stock.exchanges().get(0).answers().get(0);
        assertThat(synAck.fields()).filteredOn(f -> !f.same()).extracting(ReplayReport.ReplayField::field)
                .containsExactly("window", "mss", "wscale");
        assertThat(stock.differences()).anyMatch(d -> d.contains("captured server offered wscale 10, the simulated linux server offers 7")
                && d.contains("tcp_rmem[2] 6291456") && d.contains("of 2^25 bytes"));
        assertThat(stock.differences()).anyMatch(d -> d.contains("offered mss 65495") && d.contains("MTU of 65535"));

        // with the loopback MTU only the window scale differs: this machine's tcp_rmem[2] is 32 MiB
        ReplayReport loopbackMtu = captures().replay(file, null, null, "linux", 65535, false);
        synAck = loopbackMtu.exchanges().get(0).answers().get(0);
        assertThat(synAck.fields()).filteredOn(f -> !f.same()).extracting(ReplayReport.ReplayField::field)
                .containsExactly("wscale");
        assertThat(synAck.simulated().window()).isEqualTo(synAck.captured().window()).isEqualTo(65483);
        assertThat(synAck.simulated().options()).containsExactly("mss 65495", "sackOK", "TS val +0 ecr +0", "nop", "wscale 7");
        // what follows the handshake is the application's: the kernel's FIN and its ACK of the client's FIN
        assertThat(loopbackMtu.differences()).allMatch(d -> d.contains("wscale") || d.contains("sends nothing")
                || d.contains("this follows from the captured server's FIN in record 6, which the lab does not model"));
    }
}
