package io.palr.bench.explain;

import io.palr.api.RankedItem;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.api.explain.EvidenceSource;
import io.palr.api.explain.Explanation;
import io.palr.api.explain.ExplanationStatus;
import io.palr.api.llm.LanguageModel;
import io.palr.api.scoring.ItemScorer;
import io.palr.core.explain.CoOccurrenceEvidence;
import io.palr.core.explain.Explanations;
import io.palr.core.explain.GroundingCheck;
import io.palr.core.explain.LlmExplainer;
import io.palr.core.prompt.Domain;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.experiment.DataSpec;
import io.palr.eval.stats.PairedTTest;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.load.LoadOptions;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.serving.AttentionEvidence;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.train.TrainerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The explanation benchmark ({@code palr bench explain}): on each data set, for a seeded sample of
 * test users, recommends the top {@code k} with each retriever and measures
 *
 * <ul>
 *   <li>faithfulness by the {@link DeletionTest} for each evidence kind (co-occurrence from the
 *       training split; SASRec's attention for SASRec): the share of explanations whose cited
 *       history items, removed, worsen the item's rank, against as many random history items, with
 *       a paired t-test over users;
 *   <li>the template explanation stage's time per user at that {@code k};
 *   <li>with {@code --llm}, the LLM explainer's grounding pass rate, its rejection reasons and its
 *       time per explanation, and that no ungrounded sentence reaches the output.
 * </ul>
 *
 * <p>Options: {@code --data ml-100k,beauty} ({@link DataSpec#parse} names), {@code --shared DIR}
 * (default {@code ../shared}), {@code --users 300}, {@code --k 10}, {@code --draws 5}, {@code
 * --retrievers sasrec,itemknn}, {@code --sasrec-epochs 40}, {@code --seed 2024}, {@code --llm PATH}
 * (a Hugging Face folder or llama2.c {@code .bin}), {@code --llm-users 20}, {@code --out DIR}
 * (default {@code runs/explain}; {@code results.md} is written there via a temporary file).
 */
public final class ExplanationBenchmark {
  private ExplanationBenchmark() {}

  /** Entry point; see the class comment for the options. */
  public static void main(String[] args) throws IOException {
    configureDjl();
    Map<String, String> o = options(args);
    Path shared =
        Path.of(o.getOrDefault("--shared", System.getProperty("palr.shared", "../shared")));
    List<String> data = List.of(o.getOrDefault("--data", "ml-100k,beauty").split(","));
    int users = positive(o, "--users", 300);
    int k = positive(o, "--k", 10);
    int draws = positive(o, "--draws", 5);
    int epochs = positive(o, "--sasrec-epochs", 40);
    long seed = Long.parseLong(o.getOrDefault("--seed", "2024"));
    List<String> retrievers = List.of(o.getOrDefault("--retrievers", "sasrec,itemknn").split(","));
    Path llm = o.containsKey("--llm") ? Path.of(o.get("--llm")) : null;
    int llmUsers = positive(o, "--llm-users", 20);
    Path out = Path.of(o.getOrDefault("--out", "runs/explain"));
    for (String r : retrievers) {
      if (!r.equals("sasrec") && !r.equals("itemknn")) {
        throw new IllegalArgumentException("--retrievers: unknown '" + r + "' (sasrec|itemknn)");
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(
        "| data | retriever | evidence | users | explained | citing | cited removal worsens rank |"
            + " random removal worsens rank | paired t (p) | mean rank change cited / random |"
            + " explanation CPU ms/user | wall ms/user (mean, p95) |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    StringBuilder llmMd = new StringBuilder();
    PrintStream p = System.out;
    for (String d : data) {
      DataSpec spec = DataSpec.parse(d, shared);
      InteractionDataset ds = spec.load();
      LeaveOneOutSplit split = LeaveOneOutSplit.of(ds);
      int[] sample = sample(split.numUsers(), users, seed);
      Domain domain = spec.domain();
      CoOccurrenceEvidence co = CoOccurrenceEvidence.fromTraining(split);
      System.err.printf(
          Locale.ROOT,
          "%s: %d users, %d items; testing %d users%n",
          spec.name(),
          split.numUsers(),
          split.numItems(),
          sample.length);
      for (String r : retrievers) {
        ModelConfig config = r.equals("sasrec") ? sasrec(spec) : ItemKnnConfig.defaults();
        TrainerConfig trainer =
            TrainerConfig.defaults()
                .withMaxEpochs(epochs)
                .withBatchSize(128)
                .withEarlyStopping(4, 4)
                .withValidationUsers(1000)
                .withSeed(seed)
                .withProgressBar(false);
        long t0 = System.nanoTime();
        try (RetrievalModels.Fitted fitted = RetrievalModels.fit(config, split, trainer)) {
          ItemScorer scorer = fitted.scorer();
          System.err.printf(
              Locale.ROOT,
              "%s/%s fitted in %.0f s%n",
              spec.name(),
              r,
              (System.nanoTime() - t0) / 1e9);
          Map<String, Explanations> variants = new LinkedHashMap<>();
          variants.put(
              "co-occurrence", Explanations.builder().coOccurrence(co).domain(domain).build());
          Optional<EvidenceSource> attention = AttentionEvidence.of(scorer, split.catalog());
          attention.ifPresent(
              a ->
                  variants.put(
                      "attention", Explanations.builder().evidence(a).domain(domain).build()));
          List<Recommendation> recs = new ArrayList<>(sample.length);
          List<UserHistory> histories = new ArrayList<>(sample.length);
          for (int u : sample) {
            recs.add(plain(split, scorer, r, u, k));
            histories.add(
                InteractionDataset.toHistory(
                    split.userId(u), split.trainAndValidation(u), split.catalog()));
          }
          for (Map.Entry<String, Explanations> v : variants.entrySet()) {
            double[] time = timePerUser(v.getValue(), histories, recs);
            DeletionTest.Result res =
                DeletionTest.run(split, scorer, r, v.getValue(), sample, k, draws, seed + 1);
            String row = row(spec.name(), r, v.getKey(), res, time);
            p.println(row);
            md.append(row).append('\n');
          }
          if (llm != null && r.equals(retrievers.get(0))) {
            llmMd.append(
                llmRow(
                    spec,
                    split,
                    scorer,
                    r,
                    co,
                    llm,
                    Arrays.copyOf(sample, Math.min(llmUsers, sample.length)),
                    k));
          }
        }
      }
    }
    if (llmMd.length() > 0) {
      md.append(
          "\n| data | model | explanations | grounded (LLM sentence kept) | replaced | top rejection"
              + " reasons | ungrounded in output | ms per explanation |\n"
              + "|---|---|---|---|---|---|---|---|\n");
      md.append(llmMd);
      p.print(llmMd);
    }
    Files.createDirectories(out);
    Path tmp = Files.createTempFile(out, "results", ".md.tmp");
    Files.writeString(tmp, md.toString(), StandardCharsets.UTF_8);
    Files.move(
        tmp,
        out.resolve("results.md"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    System.err.println("written " + out.resolve("results.md"));
  }

  /**
   * The explanation stage's cost per user, after two warm-up rounds over the same users: {thread
   * CPU ms mean, wall ms mean, wall ms p95}. CPU time is what the stage costs; wall time also
   * counts waiting for a core on a loaded machine.
   */
  static double[] timePerUser(
      Explanations stage, List<UserHistory> histories, List<Recommendation> recs) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] wall = new double[histories.size()];
    double cpu = 0;
    for (int round = 0; round < 3; round++) {
      cpu = 0;
      for (int i = 0; i < histories.size(); i++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        stage.explain(histories.get(i), recs.get(i));
        wall[i] = (System.nanoTime() - t0) / 1e6;
        cpu += (threads.getCurrentThreadCpuTime() - c0) / 1e6;
      }
    }
    double[] sorted = wall.clone();
    Arrays.sort(sorted);
    double p95 =
        sorted.length == 0
            ? Double.NaN
            : sorted[Math.max(0, (int) Math.ceil(0.95 * sorted.length) - 1)];
    return new double[] {
      cpu / Math.max(1, histories.size()), Arrays.stream(wall).average().orElse(Double.NaN), p95
    };
  }

  private static String row(
      String data, String retriever, String evidence, DeletionTest.Result r, double[] time) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %d | %d | %d | %.3f | %.3f | %s | %+.1f / %+.1f (%s) | %.3f | %.3f, %.3f |",
        data,
        retriever,
        evidence,
        r.users(),
        r.explained(),
        r.citing(),
        r.citedLowers(),
        r.randomLowers(),
        test(r.lowersTest()),
        r.citedRankDrop(),
        r.randomRankDrop(),
        test(r.rankTest()),
        time[0],
        time[1],
        time[2]);
  }

  private static String test(PairedTTest.Result t) {
    return t == null ? "n/a" : String.format(Locale.ROOT, "t=%.2f, p=%.2g", t.t(), t.pValue());
  }

  private static String llmRow(
      DataSpec spec,
      LeaveOneOutSplit split,
      ItemScorer scorer,
      String retriever,
      CoOccurrenceEvidence co,
      Path llm,
      int[] users,
      int k)
      throws IOException {
    try (LanguageModel model = LlamaLanguageModel.open(llm, null, LoadOptions.defaults())) {
      LlmExplainer explainer =
          LlmExplainer.builder(model).domain(spec.domain()).catalog(split.catalog()).build();
      Explanations stage = Explanations.builder().coOccurrence(co).explainer(explainer).build();
      GroundingCheck check = GroundingCheck.forCatalog(split.catalog());
      int total = 0;
      int kept = 0;
      int ungrounded = 0;
      Map<String, Integer> reasons = new LinkedHashMap<>();
      long nanos = 0;
      for (int u : users) {
        int[] hist = split.trainAndValidation(u);
        UserHistory h = InteractionDataset.toHistory(split.userId(u), hist, split.catalog());
        Recommendation rec = plain(split, scorer, retriever, u, k);
        long t0 = System.nanoTime();
        Recommendation x = stage.explain(h, rec);
        nanos += System.nanoTime() - t0;
        for (RankedItem it : x.items()) {
          Explanation e = it.explanation().orElseThrow();
          total++;
          if (e.status() == ExplanationStatus.LLM) {
            kept++;
          } else {
            reasons.merge(
                e.detail().replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\d+", "N"),
                1,
                Integer::sum);
          }
          if (!check.check(e.sentence(), e.evidence()).grounded()) {
            ungrounded++;
          }
        }
      }
      List<Map.Entry<String, Integer>> top = new ArrayList<>(reasons.entrySet());
      top.sort((a, b) -> b.getValue() - a.getValue());
      StringBuilder rs = new StringBuilder();
      for (int i = 0; i < Math.min(3, top.size()); i++) {
        rs.append(i == 0 ? "" : "; ")
            .append(top.get(i).getKey())
            .append(" (")
            .append(top.get(i).getValue())
            .append(')');
      }
      return String.format(
          Locale.ROOT,
          "| %s | %s | %d | %d (%.1f%%) | %d | %s | %d | %.0f |%n",
          spec.name(),
          model.name(),
          total,
          kept,
          100.0 * kept / Math.max(1, total),
          total - kept,
          rs.toString().replace("|", "/"),
          ungrounded,
          nanos / 1e6 / Math.max(1, total));
    }
  }

  private static Recommendation plain(
      LeaveOneOutSplit split, ItemScorer scorer, String name, int u, int k) {
    int[] hist = split.trainAndValidation(u);
    BitSet in = new BitSet(split.numItems());
    for (int i : hist) {
      in.set(i);
    }
    float[] s = scorer.scoreAll(List.of(hist))[0];
    return DeletionTest.recommendation(split, u, DeletionTest.top(s, k, in), s, name);
  }

  /** The SASRec paper's settings: max length 200 / dropout 0.2 on MovieLens, else 50 / 0.5. */
  private static SasRecConfig sasrec(DataSpec spec) {
    return spec.kind() == DataSpec.Kind.BEAUTY
        ? SasRecConfig.defaults()
        : new SasRecConfig(200, 50, 2, 1, 0.2f, 0f);
  }

  /** {@code n} distinct users of {@code total}, seeded, ascending. */
  static int[] sample(int total, int n, long seed) {
    int[] all = new int[total];
    for (int i = 0; i < total; i++) {
      all[i] = i;
    }
    Random rng = new Random(seed);
    for (int i = 0; i < Math.min(n, total); i++) {
      int j = i + rng.nextInt(total - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] out = Arrays.copyOf(all, Math.min(n, total));
    Arrays.sort(out);
    return out;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    List<String> known =
        List.of(
            "--data",
            "--shared",
            "--users",
            "--k",
            "--draws",
            "--retrievers",
            "--sasrec-epochs",
            "--seed",
            "--llm",
            "--llm-users",
            "--out");
    for (int i = 0; i < args.length; i++) {
      if (!known.contains(args[i])) {
        throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      o.put(args[i], args[++i]);
    }
    return o;
  }

  private static int positive(Map<String, String> o, String name, int fallback) {
    String v = o.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new IllegalArgumentException(name + " must be a positive integer, got '" + v + "'");
  }

  private static void configureDjl() {
    System.setProperty("ai.djl.offline", "true");
    if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
      String dir = Path.of("target", "djl-cache").toAbsolutePath().toString();
      System.setProperty("DJL_CACHE_DIR", dir);
      System.setProperty("ENGINE_CACHE_DIR", dir);
    }
  }
}
