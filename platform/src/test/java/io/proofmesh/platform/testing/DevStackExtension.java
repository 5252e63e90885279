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
 * first use, stopped when the run ends. Inject it as a {@code DevStack} parameter.
 */
public final class DevStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DevStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DevStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    public static DevStack shared(ExtensionContext context) {
        return context.getRoot().getStore(NS)
                .getOrComputeIfAbsent("devstack", k -> new Started(start()), Started.class).stack;
    }

    private static DevStack start() {
        try {
            Path dir = Files.createTempDirectory("proofmesh-it-devstack");
            DevStack stack = DevStack.start(DevStackConfig.forTests(dir), msg -> System.out.println("[devstack] " + msg));
            System.out.println("[devstack] shared test stack:\n" + stack.describe());
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closed by JUnit when the root context closes, i.e. at the end of the run. */
    private record Started(DevStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
