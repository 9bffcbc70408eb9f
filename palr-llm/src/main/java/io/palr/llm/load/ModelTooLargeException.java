package io.palr.llm.load;

import java.util.List;

/**
 * Thrown before loading, with nothing allocated, when the memory estimate of a model exceeds the
 * budget. Names the settings that would fit ({@link #fits()}), e.g. half precision, a shorter
 * context or a smaller batch.
 */
public class ModelTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long estimateBytes;
  private final long budgetBytes;
  private final List<String> fits;

  /**
   * Creates an exception for {@code what} needing {@code estimateBytes} against {@code
   * budgetBytes}.
   */
  public ModelTooLargeException(String what, long estimateBytes, long budgetBytes) {
    this(what, estimateBytes, null, budgetBytes, List.of());
  }

  /**
   * Creates an exception with the estimate's parts and the settings that would fit.
   *
   * @param what the model
   * @param estimateBytes the estimated need
   * @param parts the estimate's parts as one line, or null
   * @param budgetBytes the budget
   * @param fits settings that would fit, e.g. {@code "float16 weights (--dtype float16): 14.1 GiB"}
   */
  public ModelTooLargeException(
      String what, long estimateBytes, String parts, long budgetBytes, List<String> fits) {
    super(
        what
            + " needs about "
            + MemoryEstimate.size(estimateBytes)
            + (parts == null ? "" : " (" + parts + ")")
            + " but the memory budget is "
            + MemoryEstimate.size(budgetBytes)
            + (fits.isEmpty()
                ? "; nothing smaller fits either"
                : "; would fit with " + String.join(", or ", fits)));
    this.estimateBytes = estimateBytes;
    this.budgetBytes = budgetBytes;
    this.fits = List.copyOf(fits);
  }

  /** The estimated need in bytes. */
  public long estimateBytes() {
    return estimateBytes;
  }

  /** The budget in bytes. */
  public long budgetBytes() {
    return budgetBytes;
  }

  /** Settings that would fit, each with its estimate; empty when none does. */
  public List<String> fits() {
    return fits;
  }
}
