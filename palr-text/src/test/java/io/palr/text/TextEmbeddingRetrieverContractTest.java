package io.palr.text;

import io.palr.api.CandidateRetriever;
import io.palr.api.UserHistory;
import io.palr.data.InteractionDataset;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.testkit.CandidateRetrieverContract;
import java.util.ArrayList;
import java.util.List;

/** palr-testkit's retriever contract on the text retriever (the real encoder, synthetic titles). */
class TextEmbeddingRetrieverContractTest extends CandidateRetrieverContract {
  private static final InteractionDataset DATA =
      SyntheticDataset.generate(SyntheticDataset.Config.small());
  private static ItemEmbeddings vectors;

  private static synchronized ItemEmbeddings vectors() {
    if (vectors == null) {
      try (OnnxTextEncoder encoder = OnnxTextEncoder.create()) {
        vectors = ItemEmbeddings.compute(DATA.catalog().items(), encoder);
      }
    }
    return vectors;
  }

  @Override
  protected CandidateRetriever createRetriever() {
    return TextEmbeddingRetriever.builder(DATA.catalog(), vectors()).build();
  }

  @Override
  protected List<UserHistory> sampleHistories() {
    List<UserHistory> out = new ArrayList<>();
    for (int u = 0; u < 10; u++) {
      out.add(DATA.history(u));
    }
    return out;
  }
}
