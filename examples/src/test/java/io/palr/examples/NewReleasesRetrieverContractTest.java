package io.palr.examples;

import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.testkit.CandidateRetrieverContract;
import io.palr.testkit.TestItems;
import java.util.List;

/**
 * The example's business-rule retriever, written against palr-api alone, proves the retriever
 * contract with palr-testkit: what a downstream team does for its own retriever.
 */
class NewReleasesRetrieverContractTest extends CandidateRetrieverContract {
  private static final List<Item> MOVIES = TestItems.movies();

  @Override
  protected CandidateRetriever createRetriever() {
    return new NewReleasesRetriever(MOVIES);
  }

  @Override
  protected List<UserHistory> sampleHistories() {
    return List.of(
        UserHistory.of("crime-fan", List.of(MOVIES.get(4), MOVIES.get(8))),
        UserHistory.of("one-film", List.of(MOVIES.get(0))),
        UserHistory.of("action", MOVIES.subList(11, 14)));
  }
}
