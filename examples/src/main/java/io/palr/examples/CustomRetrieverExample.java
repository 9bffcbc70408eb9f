package io.palr.examples;

import io.palr.api.Recommendation;
import io.palr.core.pipeline.Palr;
import io.palr.data.InteractionDataset;
import io.palr.data.synthetic.SyntheticDataset;
import java.io.PrintStream;

/**
 * Example 2: swapping a host team's own {@link io.palr.api.CandidateRetriever} into the pipeline.
 * The {@link NewReleasesRetriever} implements a business rule ("new releases in the user's
 * favourite genre") against the JDK-only {@code palr-api} contract; everything else in the pipeline
 * (profiles, an optional LLM ranker, fallbacks, provenance, metrics) works with it unchanged.
 */
public final class CustomRetrieverExample {
  private CustomRetrieverExample() {}

  /**
   * Prints recommendations from the business-rule retriever.
   *
   * @param args optional: the user id (default: the first user)
   */
  public static void main(String[] args) {
    run(args, System.out);
  }

  /** Runs the example, printing to {@code out}; returns the recommendation. */
  static Recommendation run(String[] args, PrintStream out) {
    InteractionDataset data = SyntheticDataset.generate();
    int user = args.length > 0 ? data.userIds().indexOf(args[0]) : 0;
    if (user < 0) {
      throw new IllegalArgumentException(
          "no user '" + args[0] + "' in the synthetic data (try u00001)");
    }
    var history = data.history(user);
    try (Palr palr =
        Palr.builder()
            .retriever(new NewReleasesRetriever(data.catalog().items()))
            .catalog(data.catalog())
            .build()) {
      Recommendation rec = palr.recommend(history, 5);
      out.println(
          "favourite genre of "
              + rec.userId()
              + ": "
              + NewReleasesRetriever.favouriteGenre(history));
      rec.items()
          .forEach(
              i ->
                  out.printf(
                      "%d. %s (%s, %d)%n",
                      i.rank(),
                      i.item().title(),
                      String.join("/", i.item().genres()),
                      i.item().year().orElse(0)));
      out.println(
          "provenance: retriever "
              + rec.provenance().retriever()
              + ", "
              + rec.provenance().status());
      return rec;
    }
  }
}
