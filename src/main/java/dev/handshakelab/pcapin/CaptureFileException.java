package dev.handshakelab.pcapin;

/**
 * A capture file that breaks its format's rules. Names where: the record (1-based, counted over
 * the whole file: pcap records, or pcapng blocks; 0 for the file header) and the byte offset in
 * the file at which the broken field starts, and which rule it broke.
 */
public final class CaptureFileException extends RuntimeException {

    private final int record;
    private final long offset;
    private final String rule;

    public CaptureFileException(int record, long offset, String rule, String detail) {
        super(detail, null, false, false);
        this.record = record;
        this.offset = offset;
        this.rule = rule;
    }

    /** 1-based record (pcap) or block (pcapng) number; 0 for the file header. */
    public int record() {
        return record;
    }

    /** Byte offset in the file where the offending field starts. */
    public long offset() {
        return offset;
    }

    /** The rule in short form, e.g. {@code block-length multiple-of-4}. */
    public String rule() {
        return rule;
    }
}
