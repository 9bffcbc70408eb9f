package io.palr.openai;

/** Whether an optional {@link io.palr.api.llm.LanguageModel.Capability} of the server is used. */
public enum CapabilitySetting {
  /** The server supports it; no probe is sent. */
  ENABLED,
  /** Never used: the operation throws {@link UnsupportedOperationException}. */
  DISABLED,
  /** Decided once by a tiny probe request the first time it is needed (the default). */
  PROBE
}
