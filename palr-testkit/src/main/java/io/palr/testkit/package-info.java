/**
 * palr's test kit: contract tests that a downstream {@link io.palr.api.CandidateRetriever}, {@link
 * io.palr.api.LlmRanker}, {@link io.palr.api.ProfileGenerator} or {@link
 * io.palr.api.PromptTemplate} extends to prove it keeps the API's promises (in the spirit of
 * guava-testlib), and small test doubles ({@link io.palr.testkit.ScriptedLanguageModel}, {@link
 * io.palr.testkit.ListRetriever}, {@link io.palr.testkit.TestItems}).
 *
 * <p>Add it with test scope: {@code io.palr:palr-testkit}.
 */
package io.palr.testkit;
