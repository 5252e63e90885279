package io.proofmesh.platform.testing;

import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.devstack.DevStackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests one shared {@link DevStack} per test run (per forked JVM): a real
 * Kafka broker, schema registry and anvil on free ports with the fast test profile. Started on
 * first use, stopped when the test JVM exits. Inject it as a {@code DevStack} parameter.
 */
public final class DevStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DevStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    public static DevStack shared(ExtensionContext context) {
        return shared();
    }

    /**
     * The JVM's one test stack, for code outside JUnit Jupiter's lifecycle too (jqwik properties
     * run in another engine of the same JVM). Stopped by a shutdown hook when the test JVM exits,
     * not when one engine finishes, so every engine shares it.
     */
    public static synchronized DevStack shared() {
        if (stack == null) {
            stack = start();
            DevStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-shutdown"));
        }
        return stack;
    }

    private static DevStack stack;

    private static DevStack start() {
        try {
            return startOnFreshPorts();
        } catch (RuntimeException first) {
            // Free ports are picked, then bound by child processes a moment later: another process can take
            // one in between. One retry on other ports; a real failure fails twice with the same reason.
            System.out.println("[devstack] start failed (" + first.getMessage() + "); retrying once on other ports");
            return startOnFreshPorts();
        }
    }

    private static DevStack startOnFreshPorts() {
        try {
            Path dir = Files.createTempDirectory("proofmesh-it-devstack");
            DevStack stack = DevStack.start(DevStackConfig.forTests(dir), msg -> System.out.println("[devstack] " + msg));
            System.out.println("[devstack] shared test stack:\n" + stack.describe());
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
