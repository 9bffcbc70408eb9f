package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.palr.api.llm.GenerationOptions;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.model.KvCache;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo model trained from scratch with a word-level tokenizer saves, reloads and generates the
 * same text.
 */
class DemoModelTest {
  @TempDir Path tmp;

  @Test
  void scratchModelIsSeededAndShaped() {
    LlamaConfig c = ScratchModels.demoConfig(100, 64);
    try (LlamaModel a = ScratchModels.random(c, 5, null);
        LlamaModel b = ScratchModels.random(c, 5, null);
        LlamaModel other = ScratchModels.random(c, 6, null)) {
      float[] ea = a.embedding().toFloatArray();
      assertThat(ea).containsExactly(b.embedding().toFloatArray());
      assertThat(ea).isNotEqualTo(other.embedding().toFloatArray());
      double var = 0;
      for (float v : ea) {
        var += v * v;
      }
      assertThat(Math.sqrt(var / ea.length)).isBetween(0.018, 0.022);
      assertThat(a.layers().get(0).inputNorm().toFloatArray()).containsOnly(1f);
      assertThat(a.config().parameterCount()).isBetween(400_000L, 500_000L);
    }
  }

  @Test
  void trainedDemoModelRoundTripsAndGenerates() throws Exception {
    List<SftExample> data = Fixtures.nextLetter();
    WordLevelTokenizer tok = Fixtures.tokenizer(data);
    Path out = tmp.resolve("demo");
    List<Integer> expected;
    FineTuneConfig cfg =
        FineTuneConfig.builder().full().learningRate(1e-2).batchSize(8).maxSteps(40).build();
    String prompt = data.get(4).prompt();
    try (LlamaModel model =
            ScratchModels.random(ScratchModels.demoConfig(tok.vocabSize(), 64), 1, null);
        SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
      FineTuneResult r = trainer.train(data, List.of(), out);
      assertThat(r.finalTrainLoss()).isLessThan(r.initialTrainLoss());
      expected = greedy(model, tok.encode(prompt, true), 4);
    }
    Tokenizer loadedTok = Tokenizers.load(LlamaModels.defaultTokenizer(out));
    try (LlamaModel loaded = LlamaModels.load(out, LoadOptions.defaults())) {
      assertThat(loaded.config()).isEqualTo(ScratchModels.demoConfig(tok.vocabSize(), 64));
      List<Integer> got = greedy(loaded, loadedTok.encode(prompt, true), 4);
      assertThat(got).isEqualTo(expected);
      int[] ids = got.stream().mapToInt(Integer::intValue).toArray();
      System.out.println(
          "demo model continues '" + prompt + "' with '" + loadedTok.decode(ids) + "'");
    }
    int eos = expected.indexOf(WordLevelTokenizer.EOS);
    int[] untilEos =
        expected.subList(0, eos < 0 ? expected.size() : eos).stream()
            .mapToInt(Integer::intValue)
            .toArray();
    try (LlamaLanguageModel lm = LlamaLanguageModel.open(out, null, LoadOptions.defaults())) {
      List<String> text = lm.generate(List.of(prompt), GenerationOptions.greedy(4));
      assertThat(text)
          .containsExactly(
              lm.tokenizer().decodeContinuation(lm.tokenizer().encode(prompt, true), untilEos));
    }
  }

  /** Greedy decoding with the cached forward (the runtime's generation path). */
  static List<Integer> greedy(LlamaModel model, int[] prompt, int steps) {
    List<Integer> out = new ArrayList<>();
    try (InferenceModel inf = new InferenceModel(model, DataType.FLOAT32);
        KvCache cache = inf.newCache(new int[1], prompt.length + steps)) {
      int[] next = prompt;
      for (int s = 0; s < steps; s++) {
        try (NDManager m = model.manager().newSubManager()) {
          int id =
              (int) inf.forward(m, next, next.length, cache, false).argMax(-1).toLongArray()[0];
          out.add(id);
          next = new int[] {id};
        }
      }
    }
    return out;
  }
}
