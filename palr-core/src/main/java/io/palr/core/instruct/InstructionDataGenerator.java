package io.palr.core.instruct;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.ProfileGenerator;
import io.palr.api.Prompt;
import io.palr.api.PromptBudgetException;
import io.palr.api.PromptContext;
import io.palr.api.PromptTask;
import io.palr.api.PromptTemplate;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.graph.CoOccurrenceGraph;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds PALR's fine-tuning examples from the <em>training</em> part of a leave-one-out split
 * ({@link LeaveOneOutSplit#train}); validation and test items are never read, so the examples
 * cannot leak them.
 *
 * <p>For each sampled user (default 20%, seeded), the training sequence is cut at a seeded
 * position: the earlier part is the history shown in the instruction, the next items (at most
 * {@code maxTargets}, default 20) are the label. With {@code swapProbability} each label item is
 * swapped with a random history item (augmentation: the order within a short window is noisy). A
 * label shorter than {@code minTargets} is enriched with the items most related to it within {@code
 * affinityHops} hops of the {@link CoOccurrenceGraph} (PALR's "3-hop affinity"), never items of the
 * user's training history. For Recommend_Retrieval, the candidate list is the label plus hard
 * negatives the user never interacted with in training: half co-watched with the recent history
 * (graph neighbours), half sharing a genre with the label, the rest random; the list is shuffled
 * (seeded) so the label's position carries no signal.
 *
 * <p>Prompts and responses are rendered by the given {@link PalrPromptTemplate}, the same code the
 * rankers use at inference time. Everything is deterministic for a given seed.
 */
public final class InstructionDataGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(InstructionDataGenerator.class);
  private static final int RECENT_FOR_NEGATIVES = 5;
  private static final int MIN_NEGATIVES = 5;

  private final LeaveOneOutSplit split;
  private final PromptTemplate template;
  private final Set<PromptTask> tasks;
  private final int maxTargets;
  private final int minTargets;
  private final int affinityHops;
  private final int numCandidates;
  private final double userSampleRate;
  private final double swapProbability;
  private final long seed;
  private final ProfileGenerator profiles;
  private final CoOccurrenceGraph graph;

  private InstructionDataGenerator(Builder b) {
    this.split = b.split;
    this.template = b.template;
    this.tasks = EnumSet.copyOf(b.tasks);
    this.maxTargets = b.maxTargets;
    this.minTargets = b.minTargets;
    this.affinityHops = b.affinityHops;
    this.numCandidates = b.numCandidates;
    this.userSampleRate = b.userSampleRate;
    this.swapProbability = b.swapProbability;
    this.seed = b.seed;
    this.profiles = b.profiles;
    this.graph = b.graph != null ? b.graph : trainingGraph(split);
  }

  /** Starts a builder over the split and the template the rankers will use. */
  public static Builder builder(LeaveOneOutSplit split, PromptTemplate template) {
    return new Builder(split, template);
  }

  /** The co-occurrence graph of all users' training sequences (never validation or test items). */
  public static CoOccurrenceGraph trainingGraph(LeaveOneOutSplit split) {
    List<int[]> seqs = new ArrayList<>(split.numUsers());
    for (int u = 0; u < split.numUsers(); u++) {
      seqs.add(split.train(u));
    }
    return CoOccurrenceGraph.build(split.numItems(), seqs, CoOccurrenceGraph.Options.defaults());
  }

  /** The split users sampled for instruction data, in increasing order. */
  public List<Integer> sampledUsers() {
    List<Integer> users = new ArrayList<>(split.numUsers());
    for (int u = 0; u < split.numUsers(); u++) {
      users.add(u);
    }
    Collections.shuffle(users, new Random(seed));
    int n = (int) Math.max(1, Math.round(userSampleRate * split.numUsers()));
    List<Integer> chosen = new ArrayList<>(users.subList(0, Math.min(n, users.size())));
    Collections.sort(chosen);
    return chosen;
  }

  /** Generates the examples: for each sampled user, one per task, users in increasing order. */
  public List<InstructionExample> generate() {
    Catalog catalog = split.catalog();
    Map<String, List<Integer>> byGenre = genreIndex(catalog);
    List<InstructionExample> out = new ArrayList<>();
    int skipped = 0;
    for (int u : sampledUsers()) {
      int[] train = split.train(u);
      if (train.length < 2) {
        skipped++;
        continue;
      }
      Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + u);
      int lo = Math.max(1, train.length - maxTargets);
      int cut = lo + rnd.nextInt(train.length - lo);
      int[] history = java.util.Arrays.copyOfRange(train, 0, cut);
      int[] label = java.util.Arrays.copyOfRange(train, cut, train.length);
      for (int j = 0; j < label.length; j++) {
        if (rnd.nextDouble() < swapProbability) {
          int i = rnd.nextInt(history.length);
          int t = history[i];
          history[i] = label[j];
          label[j] = t;
        }
      }
      BitSet seen = new BitSet(catalog.size());
      for (int i : train) {
        seen.set(i);
      }
      List<Integer> targets = new ArrayList<>();
      for (int i : label) {
        targets.add(i);
      }
      if (targets.size() < minTargets) {
        for (int i : graph.expand(label, affinityHops, minTargets - targets.size(), seen::get)) {
          targets.add(i);
        }
      }
      String userId = split.userId(u);
      UserHistory userHistory = InteractionDataset.toHistory(userId, history, catalog);
      UserProfile profile = profiles.profile(userHistory);
      if (tasks.contains(PromptTask.RECOMMEND)) {
        out.add(example(userId, PromptTask.RECOMMEND, userHistory, profile, targets, List.of()));
      }
      if (tasks.contains(PromptTask.RECOMMEND_RETRIEVAL)) {
        List<Integer> candidates = new ArrayList<>(targets);
        candidates.addAll(negatives(history, targets, seen, byGenre, rnd));
        Collections.shuffle(candidates, rnd);
        try {
          InstructionExample ex =
              example(
                  userId,
                  PromptTask.RECOMMEND_RETRIEVAL,
                  userHistory,
                  profile,
                  targets,
                  candidates);
          if (ex == null) {
            skipped++;
          } else {
            out.add(ex);
          }
        } catch (PromptBudgetException e) {
          skipped++;
        }
      }
    }
    LOG.info(
        "instruction data: {} examples from {} users, {} skipped",
        out.size(),
        sampledUsers().size(),
        skipped);
    return out;
  }

  private InstructionExample example(
      String userId,
      PromptTask task,
      UserHistory history,
      UserProfile profile,
      List<Integer> targets,
      List<Integer> candidateIdx) {
    Catalog catalog = split.catalog();
    List<Candidate> candidates = new ArrayList<>(candidateIdx.size());
    for (int i : candidateIdx) {
      candidates.add(new Candidate(catalog.item(i), 0, "instruct"));
    }
    Prompt r =
        template.render(new PromptContext(task, history, profile, candidates, targets.size()));
    Set<String> shown = new LinkedHashSet<>();
    r.renderedCandidates().forEach(rc -> shown.add(rc.candidate().item().id()));
    List<Item> answer = new ArrayList<>();
    for (int i : targets) {
      Item it = catalog.item(i);
      if (task == PromptTask.RECOMMEND || shown.contains(it.id())) {
        answer.add(it);
      }
    }
    if (answer.isEmpty()) {
      return null;
    }
    if (answer.size() < targets.size()) {
      // the instruction asked for targets.size() items; re-render so that it asks for what the
      // answer holds
      r =
          template.render(
              new PromptContext(
                  task,
                  history,
                  profile,
                  candidates.stream()
                      .filter(c -> task == PromptTask.RECOMMEND || shown.contains(c.item().id()))
                      .toList(),
                  answer.size()));
    }
    List<String> shownIds =
        r.renderedCandidates().stream().map(rc -> rc.candidate().item().id()).toList();
    return new InstructionExample(
        userId,
        task,
        r.instruction(),
        r.input(),
        history.items().stream().map(Item::id).toList(),
        r.text(),
        template.renderResponse(answer),
        answer.stream().map(Item::id).toList(),
        shownIds);
  }

  private List<Integer> negatives(
      int[] history,
      List<Integer> targets,
      BitSet seen,
      Map<String, List<Integer>> byGenre,
      Random rnd) {
    Catalog catalog = split.catalog();
    int want = Math.max(numCandidates - targets.size(), MIN_NEGATIVES);
    BitSet taken = (BitSet) seen.clone();
    targets.forEach(taken::set);
    List<Integer> out = new ArrayList<>(want);
    int[] recent =
        java.util.Arrays.copyOfRange(
            history, Math.max(0, history.length - RECENT_FOR_NEGATIVES), history.length);
    for (int i : graph.expand(recent, 2, (want + 1) / 2, taken::get)) {
      out.add(i);
      taken.set(i);
    }
    List<Integer> sameGenre = new ArrayList<>();
    Set<String> genres = new LinkedHashSet<>();
    for (int t : targets) {
      genres.addAll(catalog.item(t).genres());
    }
    for (String g : genres) {
      for (int i : byGenre.getOrDefault(g, List.of())) {
        if (!taken.get(i)) {
          sameGenre.add(i);
        }
      }
    }
    Collections.shuffle(sameGenre, rnd);
    for (int i : sameGenre) {
      if (out.size() >= want) {
        break;
      }
      if (!taken.get(i)) {
        out.add(i);
        taken.set(i);
      }
    }
    int free = catalog.size() - taken.cardinality();
    while (out.size() < want && free > 0) {
      int i = rnd.nextInt(catalog.size());
      if (!taken.get(i)) {
        out.add(i);
        taken.set(i);
        free--;
      }
    }
    return out;
  }

  private static Map<String, List<Integer>> genreIndex(Catalog catalog) {
    Map<String, List<Integer>> m = new HashMap<>();
    for (int i = 0; i < catalog.size(); i++) {
      for (String g : catalog.item(i).genres()) {
        m.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
      }
    }
    return m;
  }

  /** Builder of {@link InstructionDataGenerator}; not thread-safe. */
  public static final class Builder {
    private final LeaveOneOutSplit split;
    private final PromptTemplate template;
    private Set<PromptTask> tasks =
        EnumSet.of(PromptTask.RECOMMEND, PromptTask.RECOMMEND_RETRIEVAL);
    private int maxTargets = 20;
    private int minTargets = 5;
    private int affinityHops = 3;
    private int numCandidates = 30;
    private double userSampleRate = 0.2;
    private double swapProbability = 0.1;
    private long seed = 42;
    private ProfileGenerator profiles = new AttributeProfileGenerator();
    private CoOccurrenceGraph graph;

    private Builder(LeaveOneOutSplit split, PromptTemplate template) {
      this.split = Objects.requireNonNull(split, "split");
      this.template = Objects.requireNonNull(template, "template");
    }

    /** The tasks to make examples for (default Recommend and Recommend_Retrieval). */
    public Builder tasks(Set<PromptTask> tasks) {
      if (tasks.isEmpty() || tasks.contains(PromptTask.PROFILE)) {
        throw new IllegalArgumentException(
            "tasks must be a non-empty subset of RECOMMEND, RECOMMEND_RETRIEVAL");
      }
      this.tasks = EnumSet.copyOf(tasks);
      return this;
    }

    /** The most label items per example (default 20). */
    public Builder maxTargets(int n) {
      this.maxTargets = positive(n, "maxTargets");
      return this;
    }

    /** Labels shorter than this are enriched with k-hop affinity items (default 5; 1 disables). */
    public Builder minTargets(int n) {
      this.minTargets = positive(n, "minTargets");
      return this;
    }

    /** The hops of the affinity enrichment (default 3). */
    public Builder affinityHops(int n) {
      this.affinityHops = positive(n, "affinityHops");
      return this;
    }

    /**
     * The candidate list size for Recommend_Retrieval (default 30; at least 5 negatives are always
     * added).
     */
    public Builder numCandidates(int n) {
      this.numCandidates = positive(n, "numCandidates");
      return this;
    }

    /** The share of users sampled, in (0, 1] (default 0.2). */
    public Builder userSampleRate(double rate) {
      if (!(rate > 0 && rate <= 1)) {
        throw new IllegalArgumentException("userSampleRate must be in (0, 1]: " + rate);
      }
      this.userSampleRate = rate;
      return this;
    }

    /** The probability of swapping each label item with a history item, in [0, 1] (default 0.1). */
    public Builder swapProbability(double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("swapProbability must be in [0, 1]: " + p);
      }
      this.swapProbability = p;
      return this;
    }

    /** The random seed (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The profile generator for the prompt's profile part (default {@link
     * AttributeProfileGenerator}).
     */
    public Builder profileGenerator(ProfileGenerator profiles) {
      this.profiles = Objects.requireNonNull(profiles, "profiles");
      return this;
    }

    /**
     * The co-occurrence graph; it must be built from training sequences only (default: built so).
     */
    public Builder graph(CoOccurrenceGraph graph) {
      this.graph = Objects.requireNonNull(graph, "graph");
      return this;
    }

    /** Builds the generator. */
    public InstructionDataGenerator build() {
      if (graph != null && graph.numItems() != split.numItems()) {
        throw new IllegalArgumentException(
            "graph has " + graph.numItems() + " items, catalogue " + split.numItems());
      }
      return new InstructionDataGenerator(this);
    }

    private static int positive(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be >= 1: " + n);
      }
      return n;
    }
  }
}
