package io.palr.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.ProfileGenerator;
import io.palr.api.PromptContext;
import io.palr.api.PromptTask;
import io.palr.api.RankedItem;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.api.explain.AttributeMatch;
import io.palr.api.explain.Evidence;
import io.palr.api.explain.Explanation;
import io.palr.api.explain.ExplanationStatus;
import io.palr.api.explain.Support;
import io.palr.api.llm.LanguageModel;
import io.palr.cli.options.DataOptions;
import io.palr.cli.options.LlmOptions;
import io.palr.cli.options.RetrieverOptions;
import io.palr.cli.support.UsageException;
import io.palr.core.explain.CoOccurrenceEvidence;
import io.palr.core.explain.ExplanationText;
import io.palr.core.explain.Explanations;
import io.palr.core.explain.LlmExplainer;
import io.palr.core.parse.TitleMatcher;
import io.palr.core.pipeline.Palr;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.profile.LlmProfileGenerator;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.retrieval.serving.AttentionEvidence;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code palr recommend}: recommendations for users of a data set ({@code --user}) or for a history
 * given on the command line or standard input (item ids or titles), through the PALR pipeline:
 * profile, retrieve, and, when an LLM is configured, rank. {@code --explain} shows the profile, the
 * candidates and the ranking prompt; {@code --why} explains each item to the user, from evidence
 * (co-occurrence in the training split, SASRec's attention, matched profile attributes).
 */
@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description =
        "Recommend items for users of a data set or for a history given as item ids or titles.",
    footer = {
      "",
      "Examples:",
      "  palr recommend --synthetic --user u1 --user u2",
      "  palr recommend --data data/ml-1m.palrds --model-dir runs/sasrec --history 1193 661 914 --explain",
      "  echo 'Toy Story (1995)' | palr recommend --data data/ml-1m.palrds --history - --format json",
      "  palr recommend --synthetic --user u1 --openai --ranker generative",
      "  palr recommend --data data/ml-1m.palrds --model-dir runs/sasrec --user 42 --why"
    })
public final class RecommendCommand extends PalrCommand {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin DataOptions data;

  @Mixin RetrieverOptions retrieverOptions;

  @Mixin LlmOptions llmOptions;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "ID",
      description = "A user of the data set (repeatable).")
  List<String> users = new ArrayList<>();

  @Option(
      names = "--history",
      paramLabel = "ITEM",
      arity = "1..*",
      description =
          "A history, oldest first: item ids or titles; '-' reads one item per line from standard input.")
  List<String> history = new ArrayList<>();

  @Option(
      names = {"-k", "--top"},
      paramLabel = "K",
      defaultValue = "10",
      description = "Items to recommend (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--candidates",
      paramLabel = "N",
      defaultValue = "50",
      description = "Candidates retrieved for the LLM (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--explain",
      description = "Show the profile, the candidates and the prompt the ranker receives.")
  boolean explain;

  @Option(
      names = "--why",
      description =
          "Explain each recommended item: a sentence and the evidence behind it (history items"
              + " watched together with it in the training data, SASRec's attention, matched"
              + " profile attributes).")
  boolean why;

  @Option(
      names = "--explainer",
      paramLabel = "KIND",
      defaultValue = "template",
      description =
          "Who writes the --why sentence: template (no model) or llm (the configured --llm or"
              + " --openai model; sentences citing anything outside the evidence are replaced by"
              + " the template's) (default: ${DEFAULT-VALUE}).")
  String explainer;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Latency budget of the LLM stage per request (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** Creates the command; picocli fills the fields. */
  public RecommendCommand() {}

  @Override
  protected int execute() throws Exception {
    llmOptions.requireConsistent(this::given);
    boolean json =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "text" -> false;
          case "json" -> true;
          default ->
              throw new UsageException("unknown --format '" + format + "'; expected text or json");
        };
    if (users.isEmpty() && history.isEmpty()) {
      throw new UsageException("give --user ID (a user of the data set) or --history ITEM...");
    }
    if (k < 1 || candidates < 1 || timeoutSeconds < 1) {
      throw new UsageException("--top, --candidates and --timeout must be >= 1");
    }
    boolean llmExplainer =
        switch (explainer.toLowerCase(Locale.ROOT)) {
          case "template" -> false;
          case "llm" -> true;
          default ->
              throw new UsageException(
                  "unknown --explainer '" + explainer + "'; expected template or llm");
        };
    DataOptions.Loaded loaded = data.load();
    int catalogue = loaded.dataset().catalog().size();
    if (k > catalogue) {
      throw new UsageException(
          typed("-k", "--top") + " " + k + " is more than the catalogue's " + catalogue + " items");
    }
    if (candidates > catalogue) {
      if (given("--candidates")) {
        throw new UsageException(
            "--candidates " + candidates + " is more than the catalogue's " + catalogue + " items");
      }
      candidates = catalogue; // the default is 50; a smaller catalogue offers all its items
    }
    List<UserHistory> requests = new ArrayList<>();
    for (String u : users) {
      requests.add(userHistory(loaded.dataset(), u));
    }
    if (!history.isEmpty()) {
      requests.add(parseHistory(loaded.dataset().catalog()));
    }
    try (RetrieverOptions.Opened retriever = retrieverOptions.open(loaded.split(), data.data);
        LanguageModelHolder lm = new LanguageModelHolder(llmOptions.open())) {
      Palr.Builder pipeline =
          Palr.builder()
              .retriever(retriever.retriever())
              .catalog(loaded.dataset().catalog())
              .numCandidates(candidates)
              .latencyBudget(Duration.ofSeconds(timeoutSeconds))
              .rankerThreads(1);
      ProfileGenerator profiles = new AttributeProfileGenerator();
      PalrPromptTemplate template = PalrPromptTemplate.of(loaded.domain());
      if (lm.model.isPresent()) {
        LanguageModel model = lm.model.get();
        template = llmOptions.template(loaded.domain(), model);
        try {
          pipeline.ranker(llmOptions.rankerKind(), model, template);
        } catch (UnsupportedOperationException e) {
          throw new UsageException(e.getMessage(), e);
        }
        if (llmOptions.llmProfiles) {
          profiles = LlmProfileGenerator.builder(model, template).build();
        }
      }
      pipeline.profileGenerator(profiles);
      if (!retriever.note().isEmpty()) {
        err().println("retriever: " + retriever.note());
      }
      if (llmExplainer && lm.model.isEmpty()) {
        throw new UsageException("--explainer llm needs a model: give --llm or --openai");
      }
      if (why) {
        pipeline.explanations(
            explanations(loaded, retriever, profiles, llmExplainer ? lm.model : Optional.empty()));
      } else if (llmExplainer) {
        throw new UsageException("--explainer llm needs --why");
      }
      ArrayNode jsonOut = JSON.createArrayNode();
      try (Palr palr = pipeline.build()) {
        for (UserHistory h : requests) {
          Recommendation rec = palr.recommend(h, k);
          if (json) {
            ObjectNode node = toJson(rec, h);
            if (explain) {
              node.put("prompt", prompt(template, profiles, retriever, h));
            }
            jsonOut.add(node);
          } else {
            printText(rec, h);
            if (explain) {
              explainText(template, profiles, retriever, h);
            }
          }
        }
      }
      if (json) {
        out().println(JSON.writeValueAsString(jsonOut));
      }
    }
    return 0;
  }

  private static Explanations explanations(
      DataOptions.Loaded loaded,
      RetrieverOptions.Opened retriever,
      ProfileGenerator profiles,
      Optional<LanguageModel> model) {
    Catalog catalog = loaded.dataset().catalog();
    Explanations.Builder b =
        Explanations.builder()
            .coOccurrence(CoOccurrenceEvidence.fromTraining(loaded.split()))
            .domain(loaded.domain())
            .profileGenerator(profiles);
    AttentionEvidence.of(retriever.scorer(), catalog).ifPresent(b::evidence);
    if (model.isPresent()) {
      b.explainer(
          LlmExplainer.builder(model.get()).domain(loaded.domain()).catalog(catalog).build());
    }
    return b.build();
  }

  private UserHistory userHistory(InteractionDataset dataset, String userId) {
    int index = dataset.userIds().indexOf(userId);
    if (index < 0) {
      throw new UsageException(
          "no user '"
              + userId
              + "' in data set '"
              + dataset.name()
              + "' (users are e.g. "
              + String.join(", ", dataset.userIds().subList(0, Math.min(3, dataset.numUsers())))
              + ")");
    }
    return dataset.history(index);
  }

  private UserHistory parseHistory(Catalog catalog) throws java.io.IOException {
    List<String> tokens = new ArrayList<>();
    for (String h : history) {
      if (h.equals("-")) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            tokens.add(line.strip());
          }
        }
      } else {
        tokens.add(h);
      }
    }
    List<List<String>> aliases = new ArrayList<>(catalog.size());
    List<String> ids = new ArrayList<>(catalog.size());
    for (Item it : catalog.items()) {
      aliases.add(List.of(it.title()));
      ids.add(it.id());
    }
    TitleMatcher matcher = new TitleMatcher(aliases, ids, 0.85);
    List<Item> items = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String t : tokens) {
      OptionalInt byId = catalog.indexOf(t);
      if (byId.isPresent()) {
        items.add(catalog.item(byId.getAsInt()));
        continue;
      }
      Optional<TitleMatcher.Match> m = matcher.match(t);
      if (m.isPresent()) {
        items.add(catalog.item(m.get().index()));
      } else {
        unknown.add(t);
      }
    }
    if (!unknown.isEmpty()) {
      err().println("palr: warning: no catalogue item matches " + unknown + "; ignored");
    }
    if (items.isEmpty()) {
      throw new UsageException("none of the --history items is in the catalogue: " + unknown);
    }
    return UserHistory.of("history", items);
  }

  private void printText(Recommendation rec, UserHistory h) {
    var p = rec.provenance();
    out()
        .printf(
            Locale.ROOT,
            "user %s: %d history items, last: %s%n",
            rec.userId(),
            h.size(),
            h.isEmpty() ? "-" : quote(h.items().get(h.size() - 1)));
    if (!p.profile().isEmpty()) {
      out().println("profile: " + ExplanationText.forTerminal(p.profile().text()));
    }
    for (RankedItem it : rec.items()) {
      out()
          .printf(
              Locale.ROOT,
              "%3d. %-50s %s score %.4f%s%n",
              it.rank(),
              quote(it.item()),
              it.retriever(),
              it.retrieverScore(),
              it.llmRanked() ? " (llm)" : "");
      it.explanation().ifPresent(x -> printWhy(x));
    }
    out()
        .printf(
            Locale.ROOT,
            "status: %s (retriever %s, ranker %s, %d ms)%s%n",
            p.status(),
            p.retriever(),
            p.ranker(),
            p.latency().toMillis(),
            p.detail().isEmpty() ? "" : "; " + p.detail());
    out().println();
  }

  private void printWhy(Explanation x) {
    out().println("       why: " + ExplanationText.forTerminal(x.sentence()));
    if (x.status() == ExplanationStatus.REPLACED) {
      out()
          .println(
              "            (template sentence; " + ExplanationText.forTerminal(x.detail()) + ")");
    }
  }

  private void explainText(
      PalrPromptTemplate template,
      ProfileGenerator profiles,
      RetrieverOptions.Opened retriever,
      UserHistory h) {
    out().println("profile (" + profiles.name() + "): " + profiles.profile(h).text());
    out().println("--- prompt for the ranker ---");
    out().println(prompt(template, profiles, retriever, h));
    out().println("--- end of prompt ---");
    out().println();
  }

  private String prompt(
      PalrPromptTemplate template,
      ProfileGenerator profiles,
      RetrieverOptions.Opened retriever,
      UserHistory h) {
    UserProfile profile = profiles.profile(h);
    List<Candidate> cands = retriever.retriever().retrieve(h, Math.max(candidates, k));
    return template
        .render(
            new PromptContext(
                PromptTask.RECOMMEND_RETRIEVAL,
                h,
                profile,
                cands,
                Math.min(k, Math.max(1, cands.size()))))
        .text();
  }

  private static String quote(Item it) {
    String id = ExplanationText.forTerminal(it.id());
    return it.hasTitle() ? ExplanationText.quoted(it) + " [" + id + "]" : "[" + id + "]";
  }

  private static ObjectNode toJson(Recommendation rec, UserHistory h) {
    ObjectNode node = JSON.createObjectNode();
    node.put("user", rec.userId());
    node.put("historyLength", h.size());
    ArrayNode items = node.putArray("items");
    for (RankedItem it : rec.items()) {
      ObjectNode i = items.addObject();
      i.put("rank", it.rank());
      i.put("id", it.item().id());
      i.put("title", it.item().title());
      i.put("retrieverScore", it.retrieverScore());
      i.put("retriever", it.retriever());
      i.put("llmRanked", it.llmRanked());
      it.explanation().ifPresent(x -> i.set("explanation", toJson(x)));
    }
    var p = rec.provenance();
    ObjectNode prov = node.putObject("provenance");
    prov.put("retriever", p.retriever());
    prov.put("ranker", p.ranker());
    prov.put("status", p.status().name());
    prov.put("detail", p.detail());
    prov.put("profile", p.profile().text());
    prov.put("hallucinations", p.hallucinations());
    prov.put("latencyMs", p.latency().toMillis());
    return node;
  }

  private static ObjectNode toJson(Explanation x) {
    ObjectNode n = JSON.createObjectNode();
    n.put("sentence", x.sentence());
    n.put("generator", x.generator());
    n.put("status", x.status().name());
    n.put("detail", x.detail());
    ArrayNode cited = n.putArray("citedItems");
    x.citedItems().forEach(it -> cited.addObject().put("id", it.id()).put("title", it.title()));
    ArrayNode citedAttrs = n.putArray("citedAttributes");
    x.citedAttributes().forEach(a -> citedAttrs.add(toJson(a)));
    Evidence e = x.evidence();
    ObjectNode ev = n.putObject("evidence");
    ev.put("origin", e.origin().name());
    ev.put("retriever", e.retriever());
    ev.put("historySize", e.historySize());
    ArrayNode supports = ev.putArray("supports");
    for (Support s : e.supports()) {
      supports
          .addObject()
          .put("id", s.item().id())
          .put("title", s.item().title())
          .put("position", s.position())
          .put("kind", s.kind().name())
          .put("value", s.value());
    }
    ArrayNode attrs = ev.putArray("attributes");
    e.attributes().forEach(a -> attrs.add(toJson(a)));
    e.popularity()
        .ifPresent(
            p ->
                ev.putObject("popularity")
                    .put("users", p.users())
                    .put("totalUsers", p.totalUsers()));
    return n;
  }

  private static ObjectNode toJson(AttributeMatch a) {
    return JSON.createObjectNode().put("kind", a.kind()).put("value", a.value());
  }

  /** Closes the optional model. */
  private record LanguageModelHolder(Optional<LanguageModel> model) implements AutoCloseable {
    @Override
    public void close() {
      model.ifPresent(LanguageModel::close);
    }
  }
}
