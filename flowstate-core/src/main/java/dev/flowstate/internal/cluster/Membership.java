package dev.flowstate.internal.cluster;

import dev.flowstate.ClusterConfig;

import java.util.List;

/**
 * What this process is in its cluster and how it may be reached: every member's address (in process-id order),
 * its own id, the dataflow and worker count every member must share, and the security settings.
 */
record Membership(List<String> addresses, int processId, int workersPerProcess, String fingerprint,
                  ClusterConfig config) {
    Membership {
        addresses = List.copyOf(addresses);
        if (processId < 0 || processId >= addresses.size()) {
            throw new IllegalArgumentException("process id " + processId + " is out of range for " + addresses.size()
                    + " processes");
        }
    }

    int processes() {
        return addresses.size();
    }

    String address(int id) {
        return addresses.get(id);
    }

    /** "process 3 (host:port)", the way every message names a member. */
    String describe(int id) {
        return "process " + id + " (" + addresses.get(id) + ")";
    }

    /** The secret, or null when the cluster runs without one. */
    byte[] secret() {
        return config.secret();
    }

    static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
