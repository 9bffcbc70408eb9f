package io.palr.llm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.llm.load.ModelFormatException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shape of a LLaMA-architecture model, as in Hugging Face {@code LlamaConfig}.
 *
 * @param hiddenSize model width
 * @param intermediateSize MLP width
 * @param numLayers transformer blocks
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention when fewer than {@code numHeads})
 * @param headDim width of one head
 * @param vocabSize vocabulary size
 * @param maxPositions context length
 * @param rmsNormEps RMSNorm epsilon
 * @param ropeTheta rotary embedding base
 * @param tieWordEmbeddings whether the output head is the token embedding
 * @param bosId beginning-of-sequence id
 * @param eosId end-of-sequence id
 */
public record LlamaConfig(
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int vocabSize,
    int maxPositions,
    double rmsNormEps,
    double ropeTheta,
    boolean tieWordEmbeddings,
    int bosId,
    int eosId) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates the components. */
  public LlamaConfig {
    if (hiddenSize < 1
        || intermediateSize < 1
        || numLayers < 1
        || numHeads < 1
        || numKvHeads < 1
        || headDim < 2
        || vocabSize < 1
        || maxPositions < 1) {
      throw new IllegalArgumentException(
          "all sizes must be positive: "
              + summary(
                  hiddenSize,
                  intermediateSize,
                  numLayers,
                  numHeads,
                  numKvHeads,
                  headDim,
                  vocabSize,
                  maxPositions));
    }
    if (numHeads % numKvHeads != 0) {
      throw new IllegalArgumentException(
          "num_attention_heads "
              + numHeads
              + " is not a multiple of num_key_value_heads "
              + numKvHeads);
    }
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("head_dim must be even for rotary embeddings: " + headDim);
    }
    if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
      throw new IllegalArgumentException("rms_norm_eps and rope_theta must be positive");
    }
  }

  private static String summary(int... v) {
    return java.util.Arrays.toString(v);
  }

  /** Query heads per key/value head. */
  public int groupSize() {
    return numHeads / numKvHeads;
  }

  /** A copy with another context length (e.g. to benchmark long prompts with random weights). */
  public LlamaConfig withMaxPositions(int positions) {
    return new LlamaConfig(
        hiddenSize,
        intermediateSize,
        numLayers,
        numHeads,
        numKvHeads,
        headDim,
        vocabSize,
        positions,
        rmsNormEps,
        ropeTheta,
        tieWordEmbeddings,
        bosId,
        eosId);
  }

  /** Number of weights, counting a tied output head once. */
  public long parameterCount() {
    long d = hiddenSize;
    long attn = d * numHeads * headDim * 2L + d * numKvHeads * headDim * 2L;
    long mlp = 3L * d * intermediateSize;
    long perLayer = attn + mlp + 2 * d;
    long embed = (long) vocabSize * d;
    return embed + (tieWordEmbeddings ? 0 : embed) + numLayers * perLayer + d;
  }

  /** Bytes of a key/value cache for {@code batch} sequences of {@code positions} tokens. */
  public long kvCacheBytes(int batch, int positions, int bytesPerValue) {
    return 2L * numLayers * batch * (long) positions * numKvHeads * headDim * bytesPerValue;
  }

  /**
   * Reads a Hugging Face {@code config.json} of {@code model_type} llama (or mistral without
   * sliding window).
   *
   * @throws ModelFormatException if a field is missing or unsupported
   */
  public static LlamaConfig fromHfConfig(Path file) throws IOException {
    JsonNode c;
    try {
      c = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelFormatException(file, null, "not valid JSON: " + e.getMessage(), e);
    }
    if (c == null || !c.isObject()) {
      throw new ModelFormatException(file, null, "not a JSON object");
    }
    String type = c.path("model_type").asText("llama");
    if (!type.equals("llama") && !type.equals("mistral")) {
      throw new ModelFormatException(
          file, null, "model_type '" + type + "' is not a LLaMA-architecture model");
    }
    String act = c.path("hidden_act").asText("silu");
    if (!act.equals("silu")) {
      throw new ModelFormatException(
          file, null, "hidden_act '" + act + "' is not supported (only silu)");
    }
    JsonNode scaling = c.get("rope_scaling");
    if (scaling != null && !scaling.isNull()) {
      throw new ModelFormatException(file, null, "rope_scaling " + scaling + " is not supported");
    }
    if (c.path("attention_bias").asBoolean(false) || c.path("mlp_bias").asBoolean(false)) {
      throw new ModelFormatException(file, null, "attention_bias / mlp_bias are not supported");
    }
    int hidden = required(c, file, "hidden_size");
    int heads = required(c, file, "num_attention_heads");
    int headDim =
        c.has("head_dim") && !c.get("head_dim").isNull()
            ? c.get("head_dim").asInt()
            : hidden / heads;
    try {
      return new LlamaConfig(
          hidden,
          required(c, file, "intermediate_size"),
          required(c, file, "num_hidden_layers"),
          heads,
          c.path("num_key_value_heads").asInt(heads),
          headDim,
          required(c, file, "vocab_size"),
          c.path("max_position_embeddings").asInt(2048),
          c.path("rms_norm_eps").asDouble(1e-6),
          c.path("rope_theta").asDouble(10000.0),
          c.path("tie_word_embeddings").asBoolean(false),
          c.path("bos_token_id").asInt(1),
          c.path("eos_token_id").isArray()
              ? c.path("eos_token_id").path(0).asInt(2)
              : c.path("eos_token_id").asInt(2));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file, null, e.getMessage(), e);
    }
  }

  private static int required(JsonNode c, Path file, String field) throws ModelFormatException {
    JsonNode n = c.get(field);
    if (n == null || !n.canConvertToInt()) {
      throw new ModelFormatException(file, null, "missing or non-integer field '" + field + "'");
    }
    return n.asInt();
  }
}
