/**
 * Supervised fine-tuning of LLaMA-architecture models with DJL autograd: {@link
 * io.palr.llm.finetune.SftTrainer} trains LoRA adapters (saved as PEFT folders) or all weights
 * (saved as Hugging Face folders) on {@link io.palr.llm.finetune.SftExample} (prompt, response)
 * pairs, with the loss on response tokens only; {@link io.palr.llm.finetune.ScratchModels} builds
 * randomly initialised models to train from scratch.
 */
package io.palr.llm.finetune;
