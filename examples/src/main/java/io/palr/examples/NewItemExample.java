package io.palr.examples;

import io.palr.api.Item;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.core.pipeline.Palr;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.hybrid.HybridRetriever;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainerConfig;
import io.palr.text.ItemEmbeddings;
import io.palr.text.OnnxTextEncoder;
import io.palr.text.TextEmbeddingRetriever;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Example 5: a brand-new item reaches users by its text, with no retraining. An ItemKNN model is
 * fitted once; then the studio releases the next film of a franchise a user has just watched.
 * Nobody has watched it, so ItemKNN cannot propose it; the text retriever (palr-text,
 * all-MiniLM-L6-v2 from a Maven artifact, offline) embeds just the new title (the other vectors
 * come from the cache file), and the hybrid of both, in which ItemKNN abstains on items it was not
 * trained on, puts it first.
 */
public final class NewItemExample {
  private NewItemExample() {}

  /**
   * Prints a user's list before and after the release.
   *
   * @param args optional: a folder for the text-vector cache (default: a temporary folder)
   * @throws IOException if the cache folder cannot be made
   */
  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("palr-new-item");
    run(dir, System.out);
  }

  /** The result: the new item, the lists before and after, and how many texts were embedded. */
  record Outcome(Item newItem, Recommendation before, Recommendation after, int embedded) {}

  /** Runs the example with its text-vector cache in {@code cacheDir}, printing to {@code out}. */
  static Outcome run(Path cacheDir, PrintStream out) {
    InteractionDataset data = SyntheticDataset.generate();
    LeaveOneOutSplit split = LeaveOneOutSplit.of(data);
    Catalog catalog = data.catalog();
    Path cache = cacheDir.resolve("catalogue.text-vectors.emb");
    try (RetrievalModels.Fitted knn =
            RetrievalModels.fit(ItemKnnConfig.defaults(), split, TrainerConfig.defaults());
        OnnxTextEncoder encoder = OnnxTextEncoder.create()) {
      var popularity =
          PopularityScorer.fit(
              data.numItems(),
              IntStream.range(0, split.numUsers()).mapToObj(split::train).toList());
      // trained once, on the catalogue as it was: it knows nothing of later items
      var itemKnn = new ScorerRetriever("itemknn", knn.scorer(), catalog, popularity);
      BitSet trained = split.trainingItems();
      Predicate<Item> trainedOn =
          item -> catalog.indexOf(item.id()).stream().anyMatch(trained::get);

      // a user who just watched the latest film of a franchise
      UserHistory user = null;
      for (int u = 0; user == null; u++) {
        UserHistory h = data.history(u);
        String next = nextInFranchise(h.items().get(h.size() - 1).title());
        if (catalog.items().stream().noneMatch(i -> i.title().equals(next))) {
          user = h;
        }
      }
      Item last = user.items().get(user.size() - 1);
      ItemEmbeddings vectors = ItemEmbeddings.compute(catalog.items(), encoder, cache);
      out.println("text vectors: " + vectors.stats().describe());
      Recommendation before = recommend(itemKnn, trainedOn, catalog, vectors, user, out);

      // the studio releases the next film of the franchise the user just watched
      Item release =
          Item.builder("new-0001")
              .title(nextInFranchise(last.title()))
              .genres(last.genres())
              .brand(last.brand().orElse(""))
              .year(last.year().orElse(2020) + 2)
              .build();
      List<Item> grown = new ArrayList<>(catalog.items());
      grown.add(release);
      Catalog newCatalog = Catalog.of(grown);
      out.println();
      out.println("released: \"" + release.title() + "\" (" + release.id() + "), no interactions");
      // only the new title goes through the encoder; the rest comes from the cache file
      ItemEmbeddings grownVectors = ItemEmbeddings.compute(grown, encoder, cache);
      out.println("text vectors: " + grownVectors.stats().describe());
      Recommendation after = recommend(itemKnn, trainedOn, newCatalog, grownVectors, user, out);
      return new Outcome(release, before, after, grownVectors.stats().embedded());
    }
  }

  private static Recommendation recommend(
      ScorerRetriever model,
      Predicate<Item> knows,
      Catalog catalog,
      ItemEmbeddings vectors,
      UserHistory user,
      PrintStream out) {
    out.println(
        "user "
            + user.userId()
            + ", last watched \""
            + user.items().get(user.size() - 1).title()
            + "\"");
    out.println("  ItemKNN (trained before the release):");
    model
        .retrieve(user, 3)
        .forEach(c -> out.printf("    %s [%s]%n", c.item().title(), c.item().id()));
    TextEmbeddingRetriever text = TextEmbeddingRetriever.builder(catalog, vectors).build();
    // ItemKNN abstains on items it was not trained on: those are ranked by their text alone
    HybridRetriever hybrid = HybridRetriever.builder().add(model, 1, knows).add(text, 1).build();
    try (Palr palr = Palr.builder().retriever(hybrid).catalog(catalog).build()) {
      Recommendation rec = palr.recommend(user, 3);
      out.println("  the pipeline over " + hybrid.describe() + ":");
      rec.items()
          .forEach(
              i ->
                  out.printf(
                      "    %d. %s [%s] fused score %.4f%n",
                      i.rank(), i.item().title(), i.item().id(), i.retrieverScore()));
      return rec;
    }
  }

  /** "Harbor of Stars II" -> "Harbor of Stars III"; a first film gets " II". */
  static String nextInFranchise(String title) {
    String[] numerals = {"II", "III", "IV", "V", "VI", "VII"};
    for (int i = 0; i < numerals.length - 1; i++) {
      if (title.endsWith(" " + numerals[i])) {
        return title.substring(0, title.length() - numerals[i].length()) + numerals[i + 1];
      }
    }
    return title + " II";
  }
}
