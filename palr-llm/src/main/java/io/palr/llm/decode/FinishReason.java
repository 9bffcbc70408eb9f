package io.palr.llm.decode;

/** Why a row stopped generating. */
public enum FinishReason {
  /** A stop token (EOS by default) was produced; it is not part of the output. */
  STOP_TOKEN,
  /** A stop string appeared; the output ends before it. */
  STOP_STRING,
  /** The token limit was reached. */
  MAX_TOKENS,
  /** The model's context was full. */
  CONTEXT_FULL
}
