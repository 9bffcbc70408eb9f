package io.palr.llm.load;

/** Thrown before loading when the memory estimate of a model exceeds the configured budget. */
public class ModelTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long estimateBytes;
  private final long budgetBytes;

  /**
   * Creates an exception for {@code what} needing {@code estimateBytes} against {@code
   * budgetBytes}.
   */
  public ModelTooLargeException(String what, long estimateBytes, long budgetBytes) {
    super(
        String.format(
            "%s needs about %.1f MiB (weights + packed inference weights + KV cache) but the budget is"
                + " %.1f MiB",
            what, estimateBytes / 1048576.0, budgetBytes / 1048576.0));
    this.estimateBytes = estimateBytes;
    this.budgetBytes = budgetBytes;
  }

  /** The estimated need in bytes. */
  public long estimateBytes() {
    return estimateBytes;
  }

  /** The budget in bytes. */
  public long budgetBytes() {
    return budgetBytes;
  }
}
