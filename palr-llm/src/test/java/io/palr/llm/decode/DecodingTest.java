package io.palr.llm.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.SharedModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.tokenizer.Tokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generation, constrained choice and scoring through {@link LlamaLanguageModel} on stories260K. */
class DecodingTest {
  static LlamaLanguageModel lm;

  @BeforeAll
  static void open() throws IOException {
    lm =
        LlamaLanguageModel.open(
            SharedModels.file("stories260K/stories260K.bin"),
            null,
            LoadOptions.defaults().withKvReservation(4, 512));
  }

  @AfterAll
  static void close() {
    if (lm != null) {
      lm.close();
    }
  }

  @Test
  void batchedGenerationEqualsOneByOne() {
    List<String> prompts =
        List.of("Once upon a time", "The cat", "Lily and Ben went to the park to play with");
    GenerationOptions o = GenerationOptions.greedy(30);
    List<String> batched = lm.generate(prompts, o);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(batched.get(i))
          .as("prompt %d", i)
          .isEqualTo(lm.generate(List.of(prompts.get(i)), o).get(0));
    }
    assertThat(batched.get(0)).startsWith(", there was");
  }

  @Test
  void noRepeatNgramViewNeverRepeatsAnNgram() {
    List<String> prompt = List.of("Once upon a time");
    GenerationOptions o = GenerationOptions.greedy(150);
    assertThat(lm.withLogitProcessors(List.of()).generate(prompt, o))
        .isEqualTo(lm.generate(prompt, o));
    int[] plain =
        lm.generate(prompt, DecodeSettings.from(o, lm.stopTokens()), null).get(0).tokens();
    int[] banned =
        lm.generate(
                prompt,
                DecodeSettings.from(o, lm.stopTokens())
                    .withProcessors(List.of(new NoRepeatNgramProcessor(3))),
                null)
            .get(0)
            .tokens();
    assertThat(repeatedTrigrams(plain)).as("greedy stories260K repeats itself").isPositive();
    assertThat(repeatedTrigrams(banned)).isZero();
    assertThat(lm.withLogitProcessors(List.of(new NoRepeatNgramProcessor(3))).generate(prompt, o))
        .isNotEqualTo(lm.generate(prompt, o));
  }

  private static int repeatedTrigrams(int[] t) {
    Set<List<Integer>> seen = new HashSet<>();
    int repeats = 0;
    for (int i = 0; i + 2 < t.length; i++) {
      if (!seen.add(List.of(t[i], t[i + 1], t[i + 2]))) {
        repeats++;
      }
    }
    return repeats;
  }

  @Test
  void samplingIsSeededAndTopKOneIsGreedy() {
    GenerationOptions sampled = new GenerationOptions(40, 0.9, 0, 0.95, 42, List.of());
    List<String> a = lm.generate(List.of("Once upon a time", "Once upon a time"), sampled);
    List<String> b = lm.generate(List.of("Once upon a time", "Once upon a time"), sampled);
    assertThat(a).isEqualTo(b);
    assertThat(
            lm.generate(
                List.of("Once upon a time"),
                new GenerationOptions(40, 0.9, 0, 0.95, 43, List.of())))
        .isNotEqualTo(a.subList(0, 1));
    assertThat(
            lm.generate(
                List.of("Once upon a time"), new GenerationOptions(30, 1.5, 1, 1, 7, List.of())))
        .isEqualTo(lm.generate(List.of("Once upon a time"), GenerationOptions.greedy(30)));
  }

  @Test
  void stopStringsCutAndStreamingMatchesTheResult() {
    String full = lm.generate(List.of("Once upon a time"), GenerationOptions.greedy(40)).get(0);
    int lily = full.indexOf("Lily");
    assertThat(lily).isPositive();
    String cut =
        lm.generate(
                List.of("Once upon a time"), GenerationOptions.greedy(40).withStop(List.of("Lily")))
            .get(0);
    assertThat(cut).isEqualTo(full.substring(0, lily));
    StringBuilder streamed = new StringBuilder();
    List<Generation> g =
        lm.generate(
            List.of("Once upon a time"),
            new DecodeSettings(40, 0, 0, 1, 0, lm.stopTokens(), List.of("Lily"), List.of()),
            (row, token, delta) -> streamed.append(delta));
    assertThat(streamed.toString()).isEqualTo(cut);
    assertThat(g.get(0).finishReason()).isEqualTo(FinishReason.STOP_STRING);
  }

  @Test
  void logitProcessorsAreApplied() {
    Tokenizer tok = lm.tokenizer();
    int comma = tok.encodeContinuation(",")[0];
    LogitProcessor banComma = (row, gen, n, logits) -> logits[comma] = Float.NEGATIVE_INFINITY;
    List<Generation> g =
        lm.generate(
            List.of("Once upon a time"),
            DecodeSettings.greedy(30, lm.stopTokens()).withProcessors(List.of(banComma)),
            null);
    assertThat(g.get(0).tokens()).doesNotContain(comma);
  }

  @Test
  void promptsLongerThanTheContextAreRefused() {
    String longPrompt = "the cat sat on the mat. ".repeat(200);
    assertThatThrownBy(() -> lm.generate(List.of(longPrompt), GenerationOptions.greedy(5)))
        .isInstanceOf(ContextOverflowException.class)
        .hasMessageContaining("context is 512");
    assertThatThrownBy(() -> lm.scoreContinuations(longPrompt, List.of(" a")))
        .isInstanceOf(ContextOverflowException.class);
  }

  @Test
  void constrainedDecodingOnlyYieldsAllowedSequences() {
    String[] pool = {
      "cat",
      "dog",
      "ball",
      "Lily",
      "park",
      "happy",
      "red ball",
      "big dog",
      "the sun",
      "a tree",
      "Ben",
      "bird",
      "cake",
      "toy",
      "car",
      "dog house",
      "ball pit",
      "sunny day"
    };
    Tokenizer tok = lm.tokenizer();
    InferenceModel inf = new InferenceModel(lm.model(), DataType.FLOAT32);
    try {
      Random r = new Random(2024);
      for (int trial = 0; trial < 25; trial++) {
        List<String> options = new ArrayList<>();
        for (String s : pool) {
          if (r.nextInt(3) == 0) {
            options.add((r.nextBoolean() ? " " : "") + s);
          }
        }
        if (options.isEmpty()) {
          options.add(" cat");
        }
        int count = 1 + r.nextInt(options.size() + 1);
        String sep = List.of(",", " and", "\n", "").get(r.nextInt(4));
        List<int[]> cand = options.stream().map(tok::encodeContinuation).toList();
        int[] sepTok = tok.encodeContinuation(sep);
        ConstrainedDecoder.Result res =
            new ConstrainedDecoder(inf)
                .choose(
                    tok.encode("Once upon a time, there was a", true),
                    cand,
                    count,
                    sepTok,
                    tok.eosId());
        int want =
            Math.min(count, new HashSet<>(cand.stream().map(Arrays::toString).toList()).size());
        assertThat(res.chosen()).hasSize(want);
        assertThat(Arrays.stream(res.chosen()).boxed().distinct().count()).isEqualTo(want);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < res.chosen().length; i++) {
          assertThat(res.chosen()[i]).isBetween(0, options.size() - 1);
          Arrays.stream(cand.get(res.chosen()[i])).forEach(expected::add);
          if (i + 1 < res.chosen().length) {
            Arrays.stream(sepTok).forEach(expected::add);
          }
        }
        assertThat(res.tokens())
            .as("trial %d", trial)
            .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
      }
    } finally {
      inf.close();
    }
  }

  @Test
  void chooseConstrainedThroughTheContract() {
    assertThat(lm.capabilities()).contains(LanguageModel.Capability.CONSTRAINED_CHOICE);
    List<String> options = List.of(" Lily", " Tom", " a dog", " Lily");
    int[] chosen =
        lm.chooseConstrained("Once upon a time, there was a little girl named", options, 4, ",");
    assertThat(chosen).hasSize(4).doesNotHaveDuplicates();
    assertThat(chosen[0]).isEqualTo(0);
    Set<Integer> all = new HashSet<>();
    Arrays.stream(chosen).forEach(all::add);
    assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void scoresEqualFullForwardLogLikelihoods() {
    String prompt = "Once upon a time, there was a little";
    List<String> conts =
        List.of(" girl", " girl named Lily", " dog", ".", " purple elephant who liked to dance");
    double[] scores = lm.scoreContinuations(prompt, conts);
    Tokenizer tok = lm.tokenizer();
    int[] p = tok.encode(prompt, true);
    for (int i = 0; i < conts.size(); i++) {
      int[] c = tok.encodeContinuation(conts.get(i));
      int[] all = Arrays.copyOf(p, p.length + c.length);
      System.arraycopy(c, 0, all, p.length, c.length);
      double expected = 0;
      try (NDManager m = lm.model().manager().newSubManager()) {
        float[] lp =
            lm.model()
                .forward(m.create(all, new Shape(1, all.length)), null)
                .logSoftmax(2)
                .toFloatArray();
        int v = lm.model().config().vocabSize();
        for (int j = 0; j < c.length; j++) {
          expected += lp[(p.length - 1 + j) * v + c[j]];
        }
      }
      assertThat(scores[i])
          .as(conts.get(i))
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3));
    }
    assertThat(scores[0]).isGreaterThan(scores[2]);
    assertThat(scores[1]).isLessThan(scores[0]);
  }
}
