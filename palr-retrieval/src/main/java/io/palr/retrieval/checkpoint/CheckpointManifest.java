package io.palr.retrieval.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The JSON half of a checkpoint ({@code config.json}): what the weights in {@code
 * model.safetensors} are.
 *
 * @param format manifest format tag, {@link Checkpoints#FORMAT}
 * @param modelType the model kind, e.g. "sasrec"
 * @param datasetFingerprint {@link io.palr.data.InteractionDataset#fingerprint()} of the training
 *     data
 * @param numItems catalogue size the model scores
 * @param config the model's hyper-parameters (the fields of its config record)
 * @param parameters each weight's shape, by name
 */
public record CheckpointManifest(
    String format,
    String modelType,
    String datasetFingerprint,
    int numItems,
    JsonNode config,
    Map<String, long[]> parameters) {}
