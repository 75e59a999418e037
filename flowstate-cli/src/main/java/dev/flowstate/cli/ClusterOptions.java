package dev.flowstate.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * Options for runs spread over several processes: {@code -p P} alone spawns P local processes; {@code -a} with
 * {@code -i} makes this process one member of a cluster whose members are listed in process-id order.
 */
final class ClusterOptions {
    @Option(names = {"-p", "--processes"}, paramLabel = "P", defaultValue = "1",
            description = "Number of processes in the run (default: ${DEFAULT-VALUE}). Without --addresses, P > 1 starts P "
                    + "local processes on loopback. Env: FLOWSTATE_PROCESSES.")
    int processes;

    @Option(names = {"-i", "--process-id"}, paramLabel = "I", defaultValue = "0",
            description = "This process's index, 0 to P-1 (default: ${DEFAULT-VALUE}). Env: FLOWSTATE_PROCESS_ID.")
    int processId;

    @Option(names = {"-a", "--addresses"}, paramLabel = "HOST:PORT;...",
            description = "Every process's address, in process-id order, separated by ';'. Env: FLOWSTATE_ADDRESSES.")
    String addresses;

    /** @throws CliException (usage) for inconsistent values */
    void validate() {
        if (addresses != null && processes == 1) {
            processes = parseAddresses(addresses).size(); // -p may be left out when -a lists the members
        }
        if (processes < 1) {
            throw CliException.usage("--processes must be at least 1, was " + processes);
        }
        if (processId < 0 || processId >= processes) {
            throw CliException.usage("--process-id " + processId + " is out of range for " + processes
                    + (processes == 1 ? " process; the only process id is 0" : " processes; use 0 to " + (processes - 1)));
        }
        if (addresses != null) {
            List<String> list = parseAddresses(addresses);
            if (list.size() != processes) {
                throw CliException.usage("--addresses lists " + list.size() + " address(es) but --processes is " + processes
                        + "; give one HOST:PORT per process, separated by ';'");
            }
        }
    }

    /** This process is one member of a cluster of several (-a lists more than one address). */
    boolean isMember() {
        return addresses != null && processes > 1;
    }

    /** -p P > 1 without addresses: this process starts P local processes. */
    boolean isSpawner() {
        return addresses == null && processes > 1;
    }

    List<String> addressList() {
        return parseAddresses(addresses);
    }

    static List<String> parseAddresses(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split(";", -1)) {
            String a = raw.strip();
            int colon = a.lastIndexOf(':');
            if (colon < 1 || !validPort(a.substring(colon + 1))) {
                throw CliException.usage("'" + a + "' in --addresses is not HOST:PORT (port 1-65535); write e.g. "
                        + "\"host1:2101;host2:2101\"");
            }
            out.add(a);
        }
        return out;
    }

    private static boolean validPort(String s) {
        if (!s.matches("\\d{1,5}")) {
            return false;
        }
        int port = Integer.parseInt(s);
        return port >= 1 && port <= 65535;
    }
}
