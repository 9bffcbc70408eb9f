/**
 * The language-model contract the PALR stages are written against. The in-JVM LLaMA runtime ({@code
 * palr-llm}) and remote OpenAI-compatible servers ({@code palr-openai}) both implement {@link
 * io.palr.api.llm.LanguageModel}.
 */
package io.palr.api.llm;
