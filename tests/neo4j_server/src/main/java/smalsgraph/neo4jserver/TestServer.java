package smalsgraph.neo4jserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A real Neo4j (Community, in this JVM) for smals-graph's tests: Bolt only, on a free port of 127.0.0.1, auth on
 * with a password generated at every start, memory bounded for a small machine.
 *
 * <p>Usage: {@code java -Xmx1g -jar neo4j-test-server.jar WORK_DIR}. Once Bolt answers it prints one line,
 * {@code NEO4J_TEST_SERVER {"uri": "bolt://127.0.0.1:PORT", "username": "neo4j", "password": "..."}}, and runs until
 * its stdin closes (the parent went away) or it gets SIGTERM/SIGINT.
 *
 * <p>Limits come from system properties (defaults in brackets): smals.pagecache [64m], smals.tx_timeout_s [120],
 * smals.tx_memory [384m] per transaction, smals.tx_memory_total [640m] for all of them.
 */
public final class TestServer {
    static final String READY = "NEO4J_TEST_SERVER ";
    static final String USER = "neo4j";

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: neo4j-test-server WORK_DIR");
            System.exit(2);
        }
        Path workDir = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        String password = newPassword();

        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder()
                .withWorkingDir(workDir)
                .withDisabledServer() // no HTTP: Bolt is all the product speaks
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(BoltConnector.thread_pool_max_size, 32)
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                // wrong-password tests must not lock the user out for the tests that follow
                .withConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                .withConfig(GraphDatabaseSettings.udc_enabled, false) // nothing leaves loopback
                .withConfig(GraphDatabaseSettings.pagecache_memory, bytes("smals.pagecache", "64m"))
                .withConfig(GraphDatabaseSettings.transaction_timeout,
                        Duration.ofSeconds(Long.getLong("smals.tx_timeout_s", 120)))
                // timeouts are enforced by a monitor thread: every 100 ms instead of every 2 s
                .withConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
                .withConfig(GraphDatabaseSettings.memory_transaction_max_size, bytes("smals.tx_memory", "384m"))
                .withConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        bytes("smals.tx_memory_total", "640m"))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close, "neo4j-test-server-stop"));

        // The system database is reachable without auth from inside the JVM: give the built-in user the
        // generated password, so clients authenticate for real and are never asked to change it.
        neo4j.databaseManagementService().database("system").executeTransactionally(
                "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));

        String uri = "bolt://" + neo4j.boltURI().getHost() + ":" + neo4j.boltURI().getPort();
        System.out.println(READY + "{\"uri\": \"" + uri + "\", \"username\": \"" + USER
                + "\", \"password\": \"" + password + "\", \"work_dir\": \"" + workDir + "\"}");
        System.out.flush();

        waitForStdinToClose();
        System.exit(0); // runs the shutdown hook
    }

    private static String newPassword() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static long bytes(String property, String fallback) {
        String value = System.getProperty(property, fallback).trim().toLowerCase();
        long unit = switch (value.charAt(value.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        String digits = unit == 1L ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    private static void waitForStdinToClose() {
        byte[] buffer = new byte[256];
        try {
            while (System.in.read(buffer) != -1) {
                // input is ignored: only its end matters
            }
        } catch (IOException closed) {
            // a broken stdin means the same as a closed one
        }
    }
}
