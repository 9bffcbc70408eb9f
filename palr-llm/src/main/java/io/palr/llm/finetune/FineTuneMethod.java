package io.palr.llm.finetune;

/** What a fine-tuning run trains. */
public enum FineTuneMethod {
  /**
   * Low-rank adapters on selected projections; the base weights stay untouched. Saved as a PEFT
   * adapter folder.
   */
  LORA,
  /**
   * Every weight of the model (needs FLOAT32, writable weights). Saved as a Hugging Face model
   * folder.
   */
  FULL
}
