package io.proofmesh.inference.model;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.proofmesh.platform.config.ConfigException;
import io.proofmesh.platform.config.Settings;
import java.util.Locale;
import java.util.Map;

/**
 * How each model's ONNX Runtime session is created. One intra-op thread by default: on a small
 * host several sessions (and the Kafka clients) share the cores, and two intra-op threads on two
 * cores made p99 much worse (FACTS.md).
 *
 * @param intraOpThreads     threads inside one operator ({@code inference.intra-op-threads})
 * @param interOpThreads     threads across independent operators ({@code inference.inter-op-threads})
 * @param optimizationLevel  graph optimisations ({@code inference.optimization-level}: none, basic, extended, all)
 * @param device             execution device ({@code inference.device}: cpu, cuda, auto)
 */
public record SessionSettings(int intraOpThreads, int interOpThreads, OptLevel optimizationLevel, ExecutionDevice device) {

    public static final Map<String, String> DEFAULTS = Map.of(
            "inference.intra-op-threads", "1",
            "inference.inter-op-threads", "1",
            "inference.optimization-level", "all",
            "inference.device", "cpu");

    public SessionSettings {
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new ConfigException("inference.intra-op-threads and inference.inter-op-threads must be at least 1");
        }
    }

    /** One intra-op and one inter-op thread, all optimisations, CPU. */
    public static SessionSettings defaults() {
        return new SessionSettings(1, 1, OptLevel.ALL_OPT, ExecutionDevice.CPU);
    }

    public SessionSettings withDevice(ExecutionDevice newDevice) {
        return new SessionSettings(intraOpThreads, interOpThreads, optimizationLevel, newDevice);
    }

    public static SessionSettings from(Settings s) {
        String level = s.get("inference.optimization-level", "all");
        String device = s.get("inference.device", "cpu");
        ExecutionDevice parsedDevice;
        try {
            parsedDevice = ExecutionDevice.select(device);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting 'inference.device': " + e.getMessage());
        }
        return new SessionSettings(
                s.getInt("inference.intra-op-threads", 1),
                s.getInt("inference.inter-op-threads", 1),
                optLevel(level),
                parsedDevice);
    }

    private static OptLevel optLevel(String level) {
        switch (level.trim().toLowerCase(Locale.ROOT)) {
            case "none": return OptLevel.NO_OPT;
            case "basic": return OptLevel.BASIC_OPT;
            case "extended": return OptLevel.EXTENDED_OPT;
            case "all": return OptLevel.ALL_OPT;
            default:
                throw new ConfigException("setting 'inference.optimization-level' must be none, basic, extended or all, got '" + level + "'");
        }
    }
}
