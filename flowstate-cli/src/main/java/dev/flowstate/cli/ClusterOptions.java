package dev.flowstate.cli;

import dev.flowstate.ClusterConfig;
import dev.flowstate.DataflowException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
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

    @Option(names = {"--secret-file", "--cluster-secret-file"}, paramLabel = "FILE",
            description = "Read the cluster secret from FILE (all members need the same secret). Default: "
                    + "FLOWSTATE_CLUSTER_SECRET. Env: FLOWSTATE_CLUSTER_SECRET_FILE.")
    Path secretFile;

    @Option(names = "--insecure",
            description = "Let -a members run without a secret: anyone who can reach the ports can join, read and "
                    + "stop the run. Env: FLOWSTATE_INSECURE.")
    boolean insecure;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Listen here instead of on this member's own -a address (e.g. 0.0.0.0:7100 in a "
                    + "container). Env: FLOWSTATE_LISTEN.")
    String listen;

    @Option(names = "--tls", description = "Encrypt and mutually authenticate connections with TLS (needs "
            + "--tls-keystore and --tls-truststore; passwords from FLOWSTATE_TLS_KEYSTORE_PASSWORD and "
            + "FLOWSTATE_TLS_TRUSTSTORE_PASSWORD). Env: FLOWSTATE_TLS.")
    boolean tls;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 or JKS key store with this member's key and certificate. Env: FLOWSTATE_TLS_KEYSTORE.")
    Path tlsKeyStore;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "PKCS12 or JKS trust store with the CA (or certificates) of the members. "
                    + "Env: FLOWSTATE_TLS_TRUSTSTORE.")
    Path tlsTrustStore;

    @Option(names = "--max-frame-bytes", paramLabel = "N", defaultValue = "" + ClusterConfig.DEFAULT_MAX_FRAME_BYTES,
            description = "Largest frame (one serialized batch) a member accepts from another (default: "
                    + "${DEFAULT-VALUE}). Env: FLOWSTATE_MAX_FRAME_BYTES.")
    int maxFrameBytes;

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
        validateSecurity();
    }

    private void validateSecurity() {
        if (listen != null) {
            if (!isMember()) {
                throw CliException.usage("--listen applies to a member of a cluster started with --addresses; "
                        + (isSpawner() ? "-p alone listens on loopback" : "add --addresses"));
            }
            parseAddress(listen, "--listen");
        }
        if (tls != (tlsKeyStore != null && tlsTrustStore != null)
                && (tls || tlsKeyStore != null || tlsTrustStore != null)) {
            throw CliException.usage("TLS needs all of --tls, --tls-keystore FILE and --tls-truststore FILE");
        }
        if (maxFrameBytes < 1024) {
            throw CliException.usage("--max-frame-bytes must be at least 1024, was " + maxFrameBytes);
        }
        if (isMember() && !insecure && secretFile == null && blank(System.getenv(ClusterConfig.SECRET_ENV))
                && blank(System.getenv(ClusterConfig.SECRET_FILE_ENV))) {
            throw CliException.usage("a cluster member needs a secret: set " + ClusterConfig.SECRET_ENV
                    + " to the same random value on every member (or use --secret-file FILE), or pass --insecure to "
                    + "run unauthenticated");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The security settings and limits of this member, from the options and the environment. */
    ClusterConfig clusterConfig() {
        try {
            ClusterConfig c = ClusterConfig.fromEnvironment().withMaxFrameBytes(maxFrameBytes);
            if (secretFile != null) {
                c = c.withSecretFile(secretFile);
            }
            if (insecure) {
                c = c.insecure();
            }
            if (listen != null) {
                c = c.withListen(listen);
            }
            if (tls) {
                c = c.withTls(new ClusterConfig.TlsConfig(tlsKeyStore, password("FLOWSTATE_TLS_KEYSTORE_PASSWORD"),
                        tlsTrustStore, password("FLOWSTATE_TLS_TRUSTSTORE_PASSWORD")));
            }
            return c;
        } catch (DataflowException | IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private static char[] password(String variable) {
        String v = System.getenv(variable);
        return v == null ? new char[0] : v.toCharArray();
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
            out.add(parseAddress(raw.strip(), "--addresses"));
        }
        return out;
    }

    private static String parseAddress(String a, String option) {
        int colon = a.lastIndexOf(':');
        if (colon < 1 || !validPort(a.substring(colon + 1))) {
            throw CliException.usage("'" + a + "' in " + option + " is not HOST:PORT (port 1-65535); write e.g. "
                    + "\"host1:2101;host2:2101\"");
        }
        return a;
    }

    private static boolean validPort(String s) {
        if (!s.matches("\\d{1,5}")) {
            return false;
        }
        int port = Integer.parseInt(s);
        return port >= 1 && port <= 65535;
    }
}
