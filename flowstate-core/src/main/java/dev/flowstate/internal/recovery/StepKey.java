package dev.flowstate.internal.recovery;

import java.util.Arrays;

/** A (step id, key) pair with array equality: the identity of one key's rows in a partition. */
record StepKey(String stepId, byte[] key) {
    @Override
    public boolean equals(Object o) {
        return o instanceof StepKey k && Arrays.equals(key, k.key) && stepId.equals(k.stepId);
    }

    @Override
    public int hashCode() {
        return 31 * stepId.hashCode() + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return stepId + "/" + Arrays.toString(key);
    }
}
