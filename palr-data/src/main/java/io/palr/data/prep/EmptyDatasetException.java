package io.palr.data.prep;

/**
 * Thrown when preprocessing leaves no interaction: the filters removed everything the input had.
 */
public final class EmptyDatasetException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient PreprocessSummary summary;

  /** An exception carrying the summary of what each step removed. */
  public EmptyDatasetException(PreprocessSummary summary, PreprocessOptions options) {
    super("no interactions left after preprocessing (" + options + "): " + summary);
    this.summary = summary;
  }

  /** What each preprocessing step removed. */
  public PreprocessSummary summary() {
    return summary;
  }
}
