package io.palr.retrieval.serving;

import io.palr.api.CandidateRetriever;
import io.palr.api.UserHistory;
import io.palr.data.InteractionDataset;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.TestData;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.ItemKnnScorer;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.testkit.CandidateRetrieverContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/** palr-testkit's retriever contract on ScorerRetriever over ItemKNN and over a trained SASRec. */
class ScorerRetrieverContractTest {
  private static RetrievalModels.Fitted sasrec;

  private static List<int[]> sequences() {
    InteractionDataset ds = TestData.dataset();
    List<int[]> out = new ArrayList<>();
    for (int u = 0; u < ds.numUsers(); u++) {
      out.add(TestData.split().train(u));
    }
    return out;
  }

  private static List<UserHistory> users() {
    InteractionDataset ds = TestData.dataset();
    List<UserHistory> out = new ArrayList<>();
    for (int u = 0; u < 12; u++) {
      out.add(ds.history(u));
    }
    return out;
  }

  private static synchronized RetrievalModels.Fitted sasrec() {
    if (sasrec == null) {
      sasrec =
          RetrievalModels.fit(
              new SasRecConfig(20, 16, 1, 1, 0.2f, 0f), TestData.split(), TestData.fastTrainer(1));
    }
    return sasrec;
  }

  @AfterAll
  static void close() {
    if (sasrec != null) {
      sasrec.close();
    }
  }

  @Nested
  class ItemKnn extends CandidateRetrieverContract {
    @Override
    protected CandidateRetriever createRetriever() {
      InteractionDataset ds = TestData.dataset();
      return new ScorerRetriever(
          "itemknn",
          ItemKnnScorer.fit(ds.numItems(), sequences(), ItemKnnConfig.defaults()),
          ds.catalog(),
          PopularityScorer.fit(ds.numItems(), sequences()));
    }

    @Override
    protected List<UserHistory> sampleHistories() {
      return users();
    }
  }

  @Nested
  class SasRec extends CandidateRetrieverContract {
    @Override
    protected CandidateRetriever createRetriever() {
      InteractionDataset ds = TestData.dataset();
      return new ScorerRetriever(
          "sasrec",
          sasrec().scorer(),
          ds.catalog(),
          PopularityScorer.fit(ds.numItems(), sequences()));
    }

    @Override
    protected List<UserHistory> sampleHistories() {
      return users();
    }
  }
}
