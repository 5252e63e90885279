package io.proofmesh.app;

import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.devstack.DevStackException;
import io.proofmesh.platform.devstack.Ports;
import io.proofmesh.platform.kafka.BrokerUnavailableException;
import io.proofmesh.platform.registry.SchemaRegistryException;
import picocli.CommandLine;

/**
 * Errors an operator can act on are printed as one clear message (they already say what to do
 * next) with exit code 1; anything else gets its stack trace, because it is a bug.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

    static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof ConfigException || ex instanceof io.proofmesh.platform.config.StartupException || ex instanceof DevStackException || ex instanceof Ports.PortInUseException
                || ex instanceof BrokerUnavailableException || ex instanceof SchemaRegistryException) {
            cl.getErr().println("proofmesh " + cl.getCommandName() + ": " + ex.getMessage());
        } else {
            cl.getErr().println("proofmesh " + cl.getCommandName() + " failed unexpectedly:");
            ex.printStackTrace(cl.getErr());
        }
        return EXIT_FAILURE;
    }
}
