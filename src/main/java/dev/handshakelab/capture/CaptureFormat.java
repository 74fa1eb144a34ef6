package dev.handshakelab.capture;

import org.springframework.http.MediaType;

/** The capture formats a session exports to, with their media types and file extensions. */
public enum CaptureFormat {
    /** libpcap's classic format; {@code application/vnd.tcpdump.pcap} is its IANA registration. */
    PCAP(MediaType.parseMediaType("application/vnd.tcpdump.pcap"), "pcap"),
    /** pcapng; it has no IANA registration, and Wireshark's own name for it is used. */
    PCAPNG(MediaType.parseMediaType("application/x-pcapng"), "pcapng");

    private final MediaType mediaType;
    private final String extension;

    CaptureFormat(MediaType mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }
}
