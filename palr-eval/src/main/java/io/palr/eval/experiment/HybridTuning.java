package io.palr.eval.experiment;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.retrieval.hybrid.HybridRetriever;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Chooses the fusion rule and the text weight of a hybrid of a model retriever (weight 1) and a
 * text retriever on validation users: history = training items, target = validation item; every
 * weight of the grid is tried with reciprocal-rank and with score fusion, best NDCG@K wins (ties go
 * to reciprocal rank, then to the smaller weight). The test split is not looked at.
 *
 * @param chosen the hybrid with the chosen rule and weight
 * @param weights the weights tried
 * @param rrfNdcg validation NDCG@K per weight, reciprocal-rank fusion
 * @param scoreNdcg validation NDCG@K per weight, score fusion
 * @param users validation users used
 * @param k the list length
 */
public record HybridTuning(
    HybridRetriever chosen,
    List<Double> weights,
    List<Double> rrfNdcg,
    List<Double> scoreNdcg,
    int users,
    int k) {

  /** Text weights tried by default; 0 = the model alone (on the items it knows). */
  public static final List<Double> GRID = List.of(0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0);

  /** Copies the lists. */
  public HybridTuning {
    weights = List.copyOf(weights);
    rrfNdcg = List.copyOf(rrfNdcg);
    scoreNdcg = List.copyOf(scoreNdcg);
  }

  /**
   * Tunes the hybrid of {@code model} and {@code text}.
   *
   * @param split the split whose validation items are the targets
   * @param model the model retriever (weight 1)
   * @param modelKnows the items the model was trained on; it abstains on the others (see {@link
   *     HybridRetriever})
   * @param text the text retriever
   * @param grid text weights to try
   * @param users split users to tune on
   * @param k list length
   */
  public static HybridTuning tune(
      LeaveOneOutSplit split,
      CandidateRetriever model,
      Predicate<Item> modelKnows,
      CandidateRetriever text,
      List<Double> grid,
      int[] users,
      int k) {
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("the hybrid weight grid is empty");
    }
    List<Double> rrf = new ArrayList<>();
    List<Double> score = new ArrayList<>();
    HybridRetriever best = null;
    double bestNdcg = -1;
    for (HybridRetriever.Fusion fusion : HybridRetriever.Fusion.values()) {
      HybridRetriever base =
          HybridRetriever.builder().fusion(fusion).add(model, 1, modelKnows).add(text, 1).build();
      for (double w : grid) {
        HybridRetriever h = base.withWeights(1, w);
        double ndcg = validationNdcg(split, h, users, k);
        (fusion == HybridRetriever.Fusion.RECIPROCAL_RANK ? rrf : score).add(ndcg);
        if (ndcg > bestNdcg + 1e-12) {
          bestNdcg = ndcg;
          best = h;
        }
      }
    }
    return new HybridTuning(best, grid, rrf, score, users.length, k);
  }

  /** One line: the choice and the validation NDCG@K of each rule and weight. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "hybrid %s chosen on %d validation users (NDCG@%d by text weight, RRF: %s; score: %s)",
        chosen.describe(),
        users,
        k,
        series(rrfNdcg),
        series(scoreNdcg));
  }

  private String series(List<Double> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < weights.size(); i++) {
      line.append(i == 0 ? "" : " / ")
          .append(String.format(Locale.ROOT, "%s %.4f", weights.get(i), values.get(i)));
    }
    return line.toString();
  }

  /**
   * The items with at least one training interaction in {@code split}: what a model trained on it
   * knows.
   */
  public static Predicate<Item> trainedOn(LeaveOneOutSplit split) {
    java.util.BitSet seen = split.trainingItems();
    io.palr.data.Catalog catalog = split.catalog();
    return item -> {
      java.util.OptionalInt i = catalog.indexOf(item.id());
      return i.isPresent() && seen.get(i.getAsInt());
    };
  }

  /** Mean NDCG@k of the retriever's top k on the users' validation items (history = training). */
  static double validationNdcg(
      LeaveOneOutSplit split, CandidateRetriever retriever, int[] users, int k) {
    List<UserHistory> histories = new ArrayList<>(users.length);
    for (int u : users) {
      histories.add(InteractionDataset.toHistory(split.userId(u), split.train(u), split.catalog()));
    }
    List<List<Candidate>> lists = retriever.retrieveAll(histories, k);
    double sum = 0;
    for (int j = 0; j < users.length; j++) {
      String target = split.catalog().item(split.validationItem(users[j])).id();
      List<Candidate> list = lists.get(j);
      for (int r = 0; r < list.size(); r++) {
        if (list.get(r).item().id().equals(target)) {
          sum += 1 / (Math.log(r + 2) / Math.log(2));
          break;
        }
      }
    }
    return users.length == 0 ? 0 : sum / users.length;
  }
}
