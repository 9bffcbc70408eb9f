package io.palr.io.safetensors;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Model weights hold NaN or an infinite value: refused when saving (the training run diverged) and
 * when loading (the file is damaged or came from such a run). The message names the file, the
 * tensor and the first offending index.
 */
public class NonFiniteTensorException extends SafetensorsFormatException {
  private static final long serialVersionUID = 1L;

  /**
   * A tensor with non-finite values.
   *
   * @param file the file being written or read
   * @param tensor the tensor's name
   * @param problem e.g. "NaN at index 12", from {@link #firstNonFinite}
   */
  public NonFiniteTensorException(Path file, String tensor, String problem) {
    super(file, tensor, "holds " + problem + " (a diverged training run?); refusing the weights");
  }

  /**
   * Checks values.
   *
   * @param file the file being written or read
   * @param tensor the tensor's name
   * @param values its values
   * @throws NonFiniteTensorException if one is NaN or infinite
   */
  public static void requireFinite(Path file, String tensor, float[] values)
      throws NonFiniteTensorException {
    String problem = firstNonFinite(values);
    if (problem != null) {
      throw new NonFiniteTensorException(file, tensor, problem);
    }
  }

  /**
   * The first NaN or infinite value, described, e.g. {@code "NaN at index 12 (of 64)"}.
   *
   * @return the description, or null if every value is finite
   */
  public static String firstNonFinite(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        return String.format(
            Locale.ROOT,
            "%s at index %d (of %d)",
            Float.isNaN(values[i]) ? "NaN" : values[i] > 0 ? "+Infinity" : "-Infinity",
            i,
            values.length);
      }
    }
    return null;
  }
}
