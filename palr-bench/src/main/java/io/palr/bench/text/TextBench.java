package io.palr.bench.text;

import io.palr.api.Candidate;
import io.palr.api.UserHistory;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.experiment.DataSpec;
import io.palr.text.EncoderModel;
import io.palr.text.ItemEmbeddings;
import io.palr.text.OnnxTextEncoder;
import io.palr.text.TextEmbeddingRetriever;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Speed of palr-text on a real catalogue (Amazon Beauty by default, 12,101 items): embedding every
 * item text with an empty cache, the cached re-run, and full-catalogue text retrieval (top-50,
 * history excluded) in users per second. The {@code palr bench text} command calls {@link #main}.
 *
 * <p>Options: {@code --data beauty|ml-100k|synthetic|DIR} (default beauty), {@code --shared DIR}
 * (default {@code ../shared}), {@code --model q|fp32}, {@code --encoder-threads N} (default:
 * cores), {@code --users N} retrieval users (default 4000), {@code --repeats N} (default 3), {@code
 * --parallel true|false} (default: true on more than one core).
 */
public final class TextBench {
  private TextBench() {}

  /** Runs the benchmark and prints one line per measurement. */
  public static void main(String[] args) throws IOException {
    String data = "beauty";
    Path shared = Path.of(System.getProperty("palr.shared", "../shared"));
    EncoderModel model = EncoderModel.MINILM_L6_V2_Q;
    int cores = Runtime.getRuntime().availableProcessors();
    int encoderThreads = cores;
    boolean parallel = cores > 1;
    int users = 4000;
    int repeats = 3;
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data" -> data = require(args[i], v);
        case "--shared" -> shared = Path.of(require(args[i], v));
        case "--model" ->
            model =
                switch (require(args[i], v)) {
                  case "q" -> EncoderModel.MINILM_L6_V2_Q;
                  case "fp32" -> EncoderModel.MINILM_L6_V2;
                  default -> throw new IllegalArgumentException("--model must be q or fp32: " + v);
                };
        case "--encoder-threads" -> encoderThreads = Integer.parseInt(require(args[i], v));
        case "--parallel" -> parallel = Boolean.parseBoolean(require(args[i], v));
        case "--users" -> users = Integer.parseInt(require(args[i], v));
        case "--repeats" -> repeats = Integer.parseInt(require(args[i], v));
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + " (known: --data --shared --model --encoder-threads --parallel"
                    + " --users --repeats)");
      }
    }
    System.out.printf(Locale.ROOT, "load average before: %.2f%n", load());
    InteractionDataset dataset = DataSpec.parse(data, shared).load();
    LeaveOneOutSplit split = LeaveOneOutSplit.of(dataset);
    System.out.printf(
        Locale.ROOT, "data: %s, %d items, %d users%n", data, dataset.numItems(), split.numUsers());
    Path dir = Files.createTempDirectory("palr-textbench");
    Path cache = dir.resolve("items.emb");
    ItemEmbeddings vectors;
    try (OnnxTextEncoder encoder = OnnxTextEncoder.builder(model).threads(encoderThreads).build()) {
      long t = System.nanoTime();
      vectors = ItemEmbeddings.compute(dataset.catalog().items(), encoder, cache);
      double cold = (System.nanoTime() - t) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "embed, empty cache (%s, %d encoder threads, model load included): %.1f s = %.0f items/s;"
              + " %s%n",
          model.name(),
          encoderThreads,
          cold,
          dataset.numItems() / cold,
          vectors.stats().describe());
    }
    for (int r = 0; r < repeats; r++) {
      try (OnnxTextEncoder encoder = OnnxTextEncoder.builder(model).build()) {
        long t = System.nanoTime();
        ItemEmbeddings again = ItemEmbeddings.compute(dataset.catalog().items(), encoder, cache);
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "embed, cached re-run %d: %.3f s (%d embedded, %s)%n",
            r + 1,
            s,
            again.stats().embedded(),
            again.stats().cache().name().toLowerCase(Locale.ROOT));
      }
    }
    TextEmbeddingRetriever retriever =
        TextEmbeddingRetriever.builder(dataset.catalog(), vectors).parallel(parallel).build();
    List<UserHistory> histories = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      int u = i % split.numUsers();
      histories.add(
          InteractionDataset.toHistory(
              split.userId(u), split.trainAndValidation(u), dataset.catalog()));
    }
    retriever.retrieveAll(histories.subList(0, Math.min(500, users)), 50); // warm-up
    for (int r = 0; r < repeats; r++) {
      long t = System.nanoTime();
      List<List<Candidate>> out = retriever.retrieveAll(histories, 50);
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "text retrieval, full catalogue, top-50, %d users in one call, %s: %.2f s ="
              + " %.0f users/s (%d lists)%n",
          users,
          parallel ? "parallel on " + cores + " cores" : "one thread",
          s,
          users / s,
          out.size());
    }
    System.out.printf(Locale.ROOT, "load average after: %.2f%n", load());
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
