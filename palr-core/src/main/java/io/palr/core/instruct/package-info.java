/**
 * PALR fine-tuning data: Recommend (v1) and Recommend_Retrieval (v2) instruction examples built
 * from the training part of a leave-one-out split only, rendered by the same {@link
 * io.palr.core.prompt.PalrPromptTemplate} the rankers use at inference time, with JSONL export in
 * Alpaca and chat formats.
 */
package io.palr.core.instruct;
