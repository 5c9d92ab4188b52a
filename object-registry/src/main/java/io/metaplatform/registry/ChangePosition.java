package io.metaplatform.registry;

/**
 * A place in an object's change log, in the order changes became visible: the writing transaction,
 * then the change's sequence within the log. Positions compare by transaction, then sequence.
 *
 * @param transaction the id of the transaction that wrote the change
 * @param sequence    the change's sequence number
 */
public record ChangePosition(long transaction, long sequence) implements Comparable<ChangePosition> {

    /** Before every change. */
    public static final ChangePosition START = new ChangePosition(-1, 0);

    @Override
    public int compareTo(ChangePosition other) {
        int byTransaction = Long.compare(transaction, other.transaction);
        return byTransaction != 0 ? byTransaction : Long.compare(sequence, other.sequence);
    }
}
