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
import io.palr.api.llm.LanguageModel;
import io.palr.cli.options.DataOptions;
import io.palr.cli.options.LlmOptions;
import io.palr.cli.options.RetrieverOptions;
import io.palr.cli.support.UsageException;
import io.palr.core.parse.TitleMatcher;
import io.palr.core.pipeline.Palr;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.profile.LlmProfileGenerator;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
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
 * candidates and the ranking prompt.
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
      "  palr recommend --synthetic --user u1 --openai --ranker generative"
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
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Latency budget of the LLM stage per request (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** Creates the command; picocli fills the fields. */
  public RecommendCommand() {}

  @Override
  protected int execute() throws Exception {
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
    DataOptions.Loaded loaded = data.load();
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
      out().println("profile: " + p.profile().text());
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
    return it.hasTitle() ? "\"" + it.title() + "\" [" + it.id() + "]" : "[" + it.id() + "]";
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

  /** Closes the optional model. */
  private record LanguageModelHolder(Optional<LanguageModel> model) implements AutoCloseable {
    @Override
    public void close() {
      model.ifPresent(LanguageModel::close);
    }
  }
}
