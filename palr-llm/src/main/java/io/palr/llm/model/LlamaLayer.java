package io.palr.llm.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The weights of one transformer block in Hugging Face layout (rotary pairs {@code (i, i +
 * headDim/2)}).
 *
 * @param inputNorm RMSNorm weight before attention, [hidden]
 * @param q query projection, [heads * headDim, hidden]
 * @param k key projection, [kvHeads * headDim, hidden]
 * @param v value projection, [kvHeads * headDim, hidden]
 * @param o output projection, [hidden, heads * headDim]
 * @param postAttentionNorm RMSNorm weight before the MLP, [hidden]
 * @param gate SwiGLU gate projection, [intermediate, hidden]
 * @param up SwiGLU up projection, [intermediate, hidden]
 * @param down SwiGLU down projection, [hidden, intermediate]
 */
public record LlamaLayer(
    NDArray inputNorm,
    Linear q,
    Linear k,
    Linear v,
    Linear o,
    NDArray postAttentionNorm,
    Linear gate,
    Linear up,
    Linear down) {

  /** The projections, in Hugging Face order. */
  public List<Linear> linears() {
    return List.of(q, k, v, o, gate, up, down);
  }
}
