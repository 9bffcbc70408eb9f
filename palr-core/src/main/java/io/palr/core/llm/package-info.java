/**
 * The language-model contract the PALR stages are written against. The in-JVM LLaMA runtime ({@code palr-llm}) and
 * remote OpenAI-compatible servers ({@code palr-openai}) both implement {@link io.palr.core.llm.LanguageModel}.
 */
package io.palr.core.llm;
