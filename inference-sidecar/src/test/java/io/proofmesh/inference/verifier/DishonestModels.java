package io.proofmesh.inference.verifier;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.proofmesh.inference.model.DevModels;
import io.proofmesh.inference.model.MlpModelBuilder;
import io.proofmesh.inference.model.ModelDigest;
import io.proofmesh.inference.model.ModelEntry;
import io.proofmesh.inference.model.ModelManifest;
import io.proofmesh.platform.config.Settings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A dishonest node's catalogue: the dev catalogue, but the MLP file is a different valid MLP
 * (one output bias shifted) listed under the same modelId with its own sha256. Its results are
 * well-formed and signed like an honest node's, only wrong.
 */
final class DishonestModels {

    /** How far the first class's logit bias is moved: far above any tolerance after the softmax. */
    static final float BIAS_SHIFT = 1.5f;

    private DishonestModels() {
    }

    static ModelManifest prepare(Path dir, Settings settings) throws IOException {
        ModelManifest honest = DevModels.prepare(dir, settings);
        byte[] perturbed = perturbedMlp();
        Files.write(dir.resolve(MlpModelBuilder.FILE_NAME), perturbed);
        List<ModelEntry> entries = new ArrayList<>();
        for (ModelEntry e : honest.models()) {
            entries.add(e.modelId().equals(MlpModelBuilder.MODEL_ID)
                    ? new ModelEntry(e.modelId(), e.file(), ModelDigest.sha256Hex(perturbed), e.inputs(), e.outputs(), e.batchable(),
                    e.tolerance())
                    : e);
        }
        ModelManifest m = new ModelManifest(entries);
        m.write(dir);
        return m;
    }

    /** The dev MLP with b2[0] += {@link #BIAS_SHIFT} (a shift of all of b2 would cancel in the softmax). */
    static byte[] perturbedMlp() throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(MlpModelBuilder.build());
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        boolean found = false;
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = graph.getInitializer(i);
            // b2, the output bias: the only initializer of shape [CLASSES] (b1 is [HIDDEN])
            if (t.getDimsCount() != 1 || t.getDims(0) != MlpModelBuilder.CLASSES) {
                continue;
            }
            OnnxMl.TensorProto.Builder b = t.toBuilder();
            if (t.getFloatDataCount() > 0) {
                b.setFloatData(0, t.getFloatData(0) + BIAS_SHIFT);
            } else {
                ByteBuffer raw = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                raw.putFloat(0, raw.getFloat(0) + BIAS_SHIFT);
                b.setRawData(ByteString.copyFrom(raw.array()));
            }
            graph.setInitializer(i, b.build());
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("the dev MLP has no output bias of shape [" + MlpModelBuilder.CLASSES + "]");
        }
        return model.toBuilder().setGraph(graph).build().toByteArray();
    }
}
