/**
 * The public contract of palr: small interfaces for the three PALR stages (profile, retrieve,
 * rank), the prompt template, and the immutable value types they exchange. This package has no
 * dependencies beyond the JDK, so a host application can implement its own {@link
 * io.palr.api.CandidateRetriever} or {@link io.palr.api.LlmRanker} against it alone.
 */
package io.palr.api;
