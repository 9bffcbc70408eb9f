package io.palr.core.profile;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.palr.api.Item;
import io.palr.api.ProfileGenerator;
import io.palr.api.PromptContext;
import io.palr.api.PromptTask;
import io.palr.api.PromptTemplate;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PALR's LLM profile: the template's profile prompt (the history with titles and attributes) is
 * completed by the model, and {@link KeywordParser} reads a few preference keywords from the
 * answer. Profiles are cached per user and history in a bounded cache, so a user is summarised once
 * until the history changes. When the model fails or answers with no usable keyword, the {@link
 * AttributeProfileGenerator} result is used (its source then says why); this generator never throws
 * for a model failure. Thread-safe.
 */
public final class LlmProfileGenerator implements ProfileGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(LlmProfileGenerator.class);

  private final LanguageModel model;
  private final PromptTemplate template;
  private final ProfileGenerator fallback;
  private final GenerationOptions options;
  private final int maxKeywords;
  private final Cache<String, UserProfile> cache;

  private LlmProfileGenerator(Builder b) {
    this.model = b.model;
    this.template = b.template;
    this.fallback = b.fallback;
    this.options = b.options;
    this.maxKeywords = b.maxKeywords;
    this.cache = CacheBuilder.newBuilder().maximumSize(b.cacheSize).recordStats().build();
  }

  /** Starts a builder over the model and template. */
  public static Builder builder(LanguageModel model, PromptTemplate template) {
    return new Builder(model, template);
  }

  @Override
  public String name() {
    return "llm:" + model.name();
  }

  @Override
  public UserProfile profile(UserHistory history) {
    if (history.isEmpty()) {
      return UserProfile.empty(name());
    }
    try {
      return cache.get(key(history), () -> generate(history));
    } catch (ExecutionException | com.google.common.util.concurrent.UncheckedExecutionException e) {
      // generate() does not throw; this is only reached for errors such as a failing fallback
      throw new IllegalStateException(
          "profile generation failed for user " + history.userId(), e.getCause());
    }
  }

  /** Number of cached profiles (approximate). */
  public long cachedProfiles() {
    return cache.size();
  }

  /** Cache hits so far. */
  public long cacheHits() {
    return cache.stats().hitCount();
  }

  private UserProfile generate(UserHistory history) {
    String why;
    try {
      String prompt =
          template
              .render(
                  new PromptContext(
                      PromptTask.PROFILE,
                      history,
                      UserProfile.empty(name()),
                      List.of(),
                      maxKeywords))
              .text();
      List<String> out = model.generate(List.of(prompt), options);
      String text = out == null || out.isEmpty() || out.get(0) == null ? "" : out.get(0);
      List<String> keywords = KeywordParser.parse(text, maxKeywords);
      if (!keywords.isEmpty()) {
        return new UserProfile(keywords, String.join(", ", keywords), name());
      }
      why = "no keywords in model output";
    } catch (RuntimeException e) {
      LOG.warn(
          "profile model '{}' failed for user {}: {}",
          model.name(),
          history.userId(),
          e.toString());
      why = "model failed: " + e.getClass().getSimpleName();
    }
    UserProfile p = fallback.profile(history);
    return new UserProfile(
        p.keywords(), p.text(), p.source() + " (fallback from " + name() + ": " + why + ")");
  }

  private static String key(UserHistory history) {
    Hasher h = Hashing.murmur3_128().newHasher();
    for (Item it : history.items()) {
      h.putString(it.id(), StandardCharsets.UTF_8).putByte((byte) 0);
    }
    return history.userId() + '\u0000' + h.hash();
  }

  /** Builder of {@link LlmProfileGenerator}; not thread-safe. */
  public static final class Builder {
    private final LanguageModel model;
    private final PromptTemplate template;
    private ProfileGenerator fallback = new AttributeProfileGenerator();
    private GenerationOptions options;
    private int maxKeywords = 5;
    private long cacheSize = 10_000;

    private Builder(LanguageModel model, PromptTemplate template) {
      this.model = Objects.requireNonNull(model, "model");
      this.template = Objects.requireNonNull(template, "template");
      this.options = GenerationOptions.greedy(48).withStop(template.stopSequences());
    }

    /** The generator used when the model fails (default {@link AttributeProfileGenerator}). */
    public Builder fallback(ProfileGenerator fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /** Decoding options (default greedy, 48 tokens, stop at the template's stop sequences). */
    public Builder options(GenerationOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The most keywords kept (default 5). */
    public Builder maxKeywords(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxKeywords must be >= 1: " + n);
      }
      this.maxKeywords = n;
      return this;
    }

    /** The most cached profiles (default 10,000); 0 disables caching. */
    public Builder cacheSize(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("cacheSize must be >= 0: " + n);
      }
      this.cacheSize = n;
      return this;
    }

    /** Builds the generator. */
    public LlmProfileGenerator build() {
      return new LlmProfileGenerator(this);
    }
  }
}
