package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;

/**
 * One trained array: a float32 master copy with a gradient attached.
 *
 * @param name a stable name (Hugging Face tensor name for full fine-tuning, PEFT name for adapters)
 * @param array the master array (updated in place by the optimizer)
 * @param decay whether weight decay applies (matrices yes, norm weights no)
 */
record Trainable(String name, NDArray array, boolean decay) {}
