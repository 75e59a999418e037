package dev.flowstate.internal.runtime;

import dev.flowstate.internal.recovery.RecoveryStore;
import dev.flowstate.internal.recovery.SqliteRecoveryStore;
import dev.flowstate.recovery.RecoveryConfig;

/** Opens the recovery store a config names. */
final class RecoveryStores {
    private RecoveryStores() {
    }

    static RecoveryStore open(RecoveryConfig config) {
        return SqliteRecoveryStore.open(config);
    }
}
