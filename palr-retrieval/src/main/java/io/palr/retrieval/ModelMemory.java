package io.palr.retrieval;

import io.palr.retrieval.model.BprConfig;
import io.palr.retrieval.model.CaserConfig;
import io.palr.retrieval.model.Gru4RecConfig;
import io.palr.retrieval.model.NcfConfig;
import io.palr.retrieval.model.SasRecConfig;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A rough upper estimate of what a neural retriever needs, checked before anything is allocated: an
 * impossible size (a mistyped {@code -P hiddenSize=100000}, a damaged checkpoint's {@code
 * maxLength}) becomes a one-line error instead of an OutOfMemoryError or a native crash. The
 * estimate counts the weights, and for training their gradients and Adam's two moments plus one
 * batch's activations; it is meant to catch orders of magnitude, not to plan memory.
 */
public final class ModelMemory {
  private static final long FLOAT = 4;

  private ModelMemory() {}

  /** The approximate number of weights of a model over {@code numItems} items. */
  public static long weights(ModelConfig config, int numItems) {
    long n = numItems + 1L;
    if (config instanceof SasRecConfig c) {
      long h = c.hiddenSize();
      return n * h + (long) c.maxLength() * h + c.blocks() * (6 * h * h + 10 * h);
    }
    if (config instanceof Gru4RecConfig c) {
      long h = c.hiddenSize();
      return n * h + 3 * (2 * h * h + 2 * h) + n;
    }
    if (config instanceof CaserConfig c) {
      long d = c.dim();
      long w = c.window();
      return n * d * 3
          + n
          + c.horizontalFilters() * w * w * d
          + c.verticalFilters() * w
          + (c.verticalFilters() * d + c.horizontalFilters() * w) * d;
    }
    if (config instanceof BprConfig c) {
      return 2 * n * c.factors();
    }
    if (config instanceof NcfConfig c) {
      long first = c.mlpLayers().isEmpty() ? 0 : c.mlpLayers().get(0);
      long sum = 0;
      long prev = first;
      for (int size : c.mlpLayers()) {
        sum += prev * size + size;
        prev = size;
      }
      return 2 * n * (c.factors() + first / 2 + 1) + sum;
    }
    return 0;
  }

  /** Activations of one training (or scoring) batch, in floats. */
  static long activations(ModelConfig config, int numItems, int batch) {
    long b = batch;
    if (config instanceof SasRecConfig c) {
      long l = c.maxLength();
      return b * l * c.hiddenSize() * c.blocks() * 16
          + b * c.heads() * l * l * c.blocks() * 2
          + b * (numItems + 1L);
    }
    if (config instanceof Gru4RecConfig c) {
      return b * c.maxLength() * c.hiddenSize() * 8 + b * (numItems + 1L);
    }
    return b * (numItems + 1L) * 2;
  }

  /** The bytes a model needs for inference (weights and one scoring batch). */
  public static long inferenceBytes(ModelConfig config, int numItems, int batch) {
    return FLOAT * (weights(config, numItems) + activations(config, numItems, batch));
  }

  /** The bytes a model needs for training (weights, gradients, Adam moments, one batch). */
  public static long trainingBytes(ModelConfig config, int numItems, int batch) {
    return FLOAT * (4 * weights(config, numItems) + 3 * activations(config, numItems, batch));
  }

  /**
   * Refuses a model that cannot fit this machine's memory.
   *
   * @param config the hyper-parameters
   * @param numItems the catalogue size
   * @param bytes the estimate ({@link #inferenceBytes} or {@link #trainingBytes})
   * @throws IllegalArgumentException naming the model, its hyper-parameters and both sizes
   */
  public static void require(ModelConfig config, int numItems, long bytes) {
    long physical = physicalMemory();
    if (bytes < 0 || (physical > 0 && bytes > physical)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s %s over %,d items needs about %,d MB (%,d weights), more than this machine's"
                  + " %,d MB; choose smaller hyper-parameters",
              config.type().id(),
              describe(config),
              numItems,
              bytes < 0 ? Long.MAX_VALUE >> 20 : bytes >> 20,
              weights(config, numItems),
              physical >> 20));
    }
  }

  /** The hyper-parameters as {@code (name=value, ...)}, the names {@code -P} takes. */
  static String describe(ModelConfig config) {
    String s = config.toString();
    int open = s.indexOf('[');
    return open < 0 ? s : "(" + s.substring(open + 1, s.length() - 1) + ")";
  }

  private static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }
}
