package io.palr.eval.experiment;

import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A view of a model that remembers {@link #scoreContinuations} results by prompt and continuations,
 * so that rankers differing only in how they use the scores (PALR-v2 with and without fusion) run
 * the model once per user. Everything else is delegated. Closing the view does not close the model.
 * Thread-safe.
 */
final class MemoizedScoring implements LanguageModel {
  private final LanguageModel model;
  private final Map<List<String>, double[]> scores = new ConcurrentHashMap<>();

  MemoizedScoring(LanguageModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public Set<Capability> capabilities() {
    return model.capabilities();
  }

  @Override
  public int contextLength() {
    return model.contextLength();
  }

  @Override
  public int countTokens(String text) {
    return model.countTokens(text);
  }

  @Override
  public List<String> generate(List<String> prompts, GenerationOptions options) {
    return model.generate(prompts, options);
  }

  @Override
  public int[] chooseConstrained(String prompt, List<String> options, int count, String separator) {
    return model.chooseConstrained(prompt, options, count, separator);
  }

  @Override
  public double[] scoreContinuations(String prompt, List<String> continuations) {
    List<String> key = new java.util.ArrayList<>(continuations.size() + 1);
    key.add(prompt);
    key.addAll(continuations);
    double[] s = scores.get(key);
    if (s == null) {
      s = model.scoreContinuations(prompt, continuations);
      if (s == null) {
        return null;
      }
      scores.put(List.copyOf(key), s.clone());
    }
    return s.clone();
  }

  /** How many distinct scoring calls reached the model. */
  int modelCalls() {
    return scores.size();
  }

  @Override
  public void close() {
    scores.clear();
  }
}
