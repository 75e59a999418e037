package dev.flowstate.internal.runtime;

import dev.flowstate.internal.recovery.ProtocolStore;
import dev.flowstate.internal.recovery.RecoveryStore;
import dev.flowstate.recovery.RecoveryConfig;

/** Opens the recovery store a config names. */
final class RecoveryStores {
    private RecoveryStores() {
    }

    /** {@code lead}: this process starts executions and takes the store's run lock. */
    static RecoveryStore open(RecoveryConfig config, boolean lead) {
        return ProtocolStore.open(config, lead);
    }
}
