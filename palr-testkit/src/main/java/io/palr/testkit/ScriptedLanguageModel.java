package io.palr.testkit;

import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test double for {@link LanguageModel} whose behaviour is scripted: generation answers with a
 * function of the prompt (which may throw or sleep), constrained choice and scoring are given as
 * functions too. Tokens are whitespace-separated words. Records every prompt it sees.
 */
public final class ScriptedLanguageModel implements LanguageModel {
  private final Function<String, String> generator;
  private Function<List<String>, int[]> chooser;
  private Function<List<String>, double[]> scorer;
  private final Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
  private int contextLength = 4096;
  private long sleepMillis;

  /** Every prompt given to generate, chooseConstrained or scoreContinuations. */
  public final List<String> prompts = new CopyOnWriteArrayList<>();

  /** Number of generate calls. */
  public final AtomicInteger generateCalls = new AtomicInteger();

  /** Number of calls interrupted while sleeping. */
  public final AtomicInteger interrupted = new AtomicInteger();

  private ScriptedLanguageModel(Function<String, String> generator) {
    this.generator = generator;
  }

  /** A model answering every prompt with the given function. */
  public static ScriptedLanguageModel answering(Function<String, String> generator) {
    return new ScriptedLanguageModel(generator);
  }

  /** A model answering every prompt with the same text. */
  public static ScriptedLanguageModel answering(String text) {
    return new ScriptedLanguageModel(p -> text);
  }

  /** A model whose generate throws the given exception. */
  public static ScriptedLanguageModel throwing(RuntimeException e) {
    return new ScriptedLanguageModel(
        p -> {
          throw e;
        });
  }

  /** Makes every call sleep first (interruptibly). */
  public ScriptedLanguageModel sleeping(long millis) {
    this.sleepMillis = millis;
    return this;
  }

  /** Supports constrained choice via the function from options to chosen indices. */
  public ScriptedLanguageModel choosing(Function<List<String>, int[]> chooser) {
    this.chooser = chooser;
    capabilities.add(Capability.CONSTRAINED_CHOICE);
    return this;
  }

  /** Supports continuation scoring via the function from continuations to log-likelihoods. */
  public ScriptedLanguageModel scoring(Function<List<String>, double[]> scorer) {
    this.scorer = scorer;
    capabilities.add(Capability.CONTINUATION_SCORING);
    return this;
  }

  /** Sets the context length. */
  public ScriptedLanguageModel contextLength(int n) {
    this.contextLength = n;
    return this;
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.copyOf(capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : capabilities);
  }

  @Override
  public int contextLength() {
    return contextLength;
  }

  @Override
  public int countTokens(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  @Override
  public List<String> generate(List<String> prompts, GenerationOptions options) {
    generateCalls.incrementAndGet();
    List<String> out = new ArrayList<>();
    for (String p : prompts) {
      this.prompts.add(p);
      pause();
      out.add(generator.apply(p));
    }
    return out;
  }

  @Override
  public int[] chooseConstrained(String prompt, List<String> options, int count, String separator) {
    if (chooser == null) {
      throw new UnsupportedOperationException("scripted: no constrained choice");
    }
    prompts.add(prompt);
    pause();
    return chooser.apply(options);
  }

  @Override
  public double[] scoreContinuations(String prompt, List<String> continuations) {
    if (scorer == null) {
      throw new UnsupportedOperationException("scripted: no scoring");
    }
    prompts.add(prompt);
    pause();
    return scorer.apply(continuations);
  }

  @Override
  public void close() {}

  private void pause() {
    if (sleepMillis > 0) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
