package io.palr.retrieval.hybrid;

import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.testkit.CandidateRetrieverContract;
import io.palr.testkit.ListRetriever;
import java.util.ArrayList;
import java.util.List;

/** palr-testkit's retriever contract on a hybrid of two list retrievers, one abstaining. */
class HybridRetrieverContractTest extends CandidateRetrieverContract {
  private static final List<Item> ITEMS = items();

  private static List<Item> items() {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      out.add(Item.of("i" + i, "Item " + i));
    }
    return out;
  }

  @Override
  protected CandidateRetriever createRetriever() {
    List<Item> reversed = new ArrayList<>(ITEMS);
    java.util.Collections.reverse(reversed);
    return HybridRetriever.builder()
        .add(new ListRetriever(ITEMS), 1, item -> !item.id().equals("i29"))
        .add(new ListRetriever(reversed), 0.5)
        .pool(40)
        .build();
  }

  @Override
  protected List<UserHistory> sampleHistories() {
    return List.of(
        UserHistory.of("u1", List.of(ITEMS.get(0), ITEMS.get(29))),
        UserHistory.of("u2", List.of(ITEMS.get(5))),
        UserHistory.of("u3", List.of()));
  }
}
