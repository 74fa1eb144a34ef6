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

    private OptionList(TcpOption[] options) {
        this.options = options;
    }

    /**
     * The options in {@code options}, which the caller must not change from now on (not copied);
     * every element must be set.
     */
    public static OptionList adopt(TcpOption[] options) {
        for (TcpOption o : options) {
            Objects.requireNonNull(o, "option");
        }
        return new OptionList(options);
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
