package dev.flowstate.internal.recovery;

import java.nio.file.Path;

/** A child process for {@link StoreIdentityAndLockTest}: takes a store's run lock, says so, and waits to be killed. */
public final class LockHolderMain {
    static final String READY = "holding the run lock";

    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        ProtocolStore store = ProtocolStore.open(Path.of(args[0]));
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // held until the test kills this process
        store.close();
    }
}
