package io.palr.llm.decode;

import ai.djl.ndarray.NDManager;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.model.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Greedy decoding restricted to a set of candidate token sequences: at each step only tokens
 * continuing a remaining candidate are allowed (a {@link TokenTrie}); where a candidate may end and
 * another continue, ending is scored by the logit of the separator's first token (or EOS after the
 * last item). After each item the chosen candidate is removed and the separator tokens are fed, so
 * {@code count} distinct items come out in the model's order of preference. Runs of forced tokens
 * (a single allowed path) are fed in one forward.
 */
public final class ConstrainedDecoder {
  private final InferenceModel model;

  /**
   * The outcome.
   *
   * @param chosen candidate indices in the order generated
   * @param tokens every token fed after the prompt (items and separators)
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // a carrier of primitive arrays on a hot path, never compared
  public record Result(int[] chosen, int[] tokens) {}

  /** Creates a decoder over a model. */
  public ConstrainedDecoder(InferenceModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Chooses {@code min(count, candidates)} distinct candidates.
   *
   * @param prompt prompt tokens (with BOS)
   * @param candidates token sequences (non-empty); duplicates are reachable once
   * @param count items wanted
   * @param separator tokens between items (may be empty)
   * @param endToken the token whose logit scores ending the last item (EOS)
   * @throws ContextOverflowException if prompt plus items cannot fit the context
   */
  public Result choose(
      int[] prompt, List<int[]> candidates, int count, int[] separator, int endToken) {
    TokenTrie trie = new TokenTrie();
    int longest = 0;
    for (int i = 0; i < candidates.size(); i++) {
      trie.add(i, candidates.get(i));
      longest = Math.max(longest, candidates.get(i).length);
    }
    int items = Math.min(count, trie.size());
    int context = model.config().maxPositions();
    int needed = prompt.length + items * (longest + separator.length);
    if (prompt.length > context) {
      throw new ContextOverflowException(
          "a prompt of " + prompt.length + " tokens", prompt.length, context);
    }
    int capacity = Math.min(needed, context);
    List<Integer> fed = new ArrayList<>();
    int[] chosen = new int[items];
    try (KvCache cache = model.newCache(new int[1], capacity)) {
      float[] logits = feed(prompt, cache);
      for (int item = 0; item < items; item++) {
        boolean last = item == items - 1;
        int endTok = separator.length > 0 && !last ? separator[0] : endToken;
        TokenTrie.Node node = trie.root();
        while (true) {
          List<Integer> allowed = node.allowed();
          boolean canEnd = node.terminal() >= 0;
          if (allowed.isEmpty()) {
            break;
          }
          if (!canEnd && allowed.size() == 1) {
            List<Integer> run = new ArrayList<>();
            TokenTrie.Node n = node;
            while (n.terminal() < 0 && n.allowed().size() == 1) {
              int t = n.allowed().get(0);
              run.add(t);
              n = n.child(t);
            }
            node = n;
            logits =
                feedChecked(
                    run.stream().mapToInt(Integer::intValue).toArray(), cache, fed, context);
            continue;
          }
          int best = -1;
          float bestV = Float.NEGATIVE_INFINITY;
          for (int t : allowed) {
            if (best < 0 || logits[t] > bestV) {
              best = t;
              bestV = logits[t];
            }
          }
          if (canEnd && !allowed.contains(endTok) && logits[endTok] > bestV) {
            break;
          }
          node = node.child(best);
          logits = feedChecked(new int[] {best}, cache, fed, context);
        }
        chosen[item] = node.terminal();
        trie.remove(node.terminal());
        if (!last && separator.length > 0) {
          logits = feedChecked(separator, cache, fed, context);
        }
      }
    }
    return new Result(chosen, fed.stream().mapToInt(Integer::intValue).toArray());
  }

  private float[] feedChecked(int[] tokens, KvCache cache, List<Integer> fed, int context) {
    if (cache.length() + tokens.length > cache.capacity()) {
      throw new ContextOverflowException(
          "constrained decoding", cache.length() + tokens.length, context);
    }
    for (int t : tokens) {
      fed.add(t);
    }
    return feed(tokens, cache);
  }

  private float[] feed(int[] tokens, KvCache cache) {
    try (NDManager step = model.newStepManager()) {
      return model.prefill(step, tokens, tokens.length, cache).toFloatArray();
    }
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
