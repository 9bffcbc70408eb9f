package io.palr.spark.prep;

import io.palr.data.prep.PreprocessSummary;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a distributed preparation did.
 *
 * @param output the folder written
 * @param summary what each step removed, as palr's {@code Preprocessor} reports it
 * @param malformedRows rows skipped as malformed (interactions and item table together)
 * @param problems the first malformed rows, in file order
 * @param splitUsers users in the leave-one-out split
 * @param tooShortUsers users with fewer than 3 interactions, kept out of the split
 * @param missingTitles kept items without a title
 * @param elapsed wall time
 */
public record PrepareResult(
    String output,
    PreprocessSummary summary,
    long malformedRows,
    List<RowProblem> problems,
    long splitUsers,
    long tooShortUsers,
    long missingTitles,
    Duration elapsed) {

  /** Copies the list. */
  public PrepareResult {
    problems = List.copyOf(problems);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(summary.toString());
    if (malformedRows > 0) {
      sb.append(String.format(Locale.ROOT, "%n%,d malformed rows skipped, first:", malformedRows));
      problems.forEach(p -> sb.append(System.lineSeparator()).append("  ").append(p));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nleave-one-out split: %,d users (%,d too short to split), %,d items",
            splitUsers,
            tooShortUsers,
            summary.items()));
    if (missingTitles > 0) {
      sb.append(String.format(Locale.ROOT, "%n%,d items have no title", missingTitles));
    }
    return sb.toString();
  }
}
