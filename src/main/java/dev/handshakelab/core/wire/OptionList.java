package dev.handshakelab.core.wire;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable option list over an array its maker hands over, for the hot path: the decoder
 * and the SYN-ACK builder know the exact count before they fill an array, and {@code List.of}
 * copied that array again (on JDK 17 {@code List.of(E...)} copies, and {@link TcpSegment}'s
 * {@code List.copyOf} keeps only the JDK's own immutable lists as they are). It behaves like any
 * other list for {@code equals}, {@code hashCode} and iteration, and rejects every change.
 */
public final class OptionList extends AbstractList<TcpOption> implements RandomAccess {

    private final TcpOption[] options;
    /**
     * The bytes the options take on the wire, summed once: {@link TcpSegment} needs it when it is
     * made and again for every encoding, and each {@code wireLength()} is a call the JIT cannot
     * inline (five option types on one call site); it was a tenth of a SYN-ACK's encode+decode.
     */
    private final int wireBytes;

    private OptionList(TcpOption[] options, int wireBytes) {
        this.options = options;
        this.wireBytes = wireBytes;
    }

    /**
     * The options in {@code options}, which the caller must not change from now on (not copied);
     * every element must be set.
     */
    public static OptionList adopt(TcpOption[] options) {
        int bytes = 0;
        for (TcpOption o : options) {
            bytes += Objects.requireNonNull(o, "option").wireLength();
        }
        return new OptionList(options, bytes);
    }

    /** For the decoder, which has set every element and knows the bytes they were read from. */
    static OptionList adopt(TcpOption[] options, int wireBytes) {
        return new OptionList(options, wireBytes);
    }

    /** The bytes the options take on the wire, before padding. */
    public int wireBytes() {
        return wireBytes;
    }

    @Override
    public TcpOption get(int index) {
        return options[Objects.checkIndex(index, options.length)];
    }

    @Override
    public int size() {
        return options.length;
    }

    /**
     * A plain cursor: AbstractList's own iterator (modification count, a virtual {@code get},
     * a caught exception) kept the JIT from removing it, and a for-each over the options then
     * allocated one per loop.
     */
    @Override
    public Iterator<TcpOption> iterator() {
        return new Cursor(options);
    }

    private static final class Cursor implements Iterator<TcpOption> {
        private final TcpOption[] options;
        private int next;

        Cursor(TcpOption[] options) {
            this.options = options;
        }

        @Override
        public boolean hasNext() {
            return next < options.length;
        }

        @Override
        public TcpOption next() {
            if (next >= options.length) {
                throw new NoSuchElementException();
            }
            return options[next++];
        }
    }
}
