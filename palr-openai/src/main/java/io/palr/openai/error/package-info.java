/**
 * Typed failures of the remote language-model backend. Every exception carries a {@link
 * io.palr.openai.error.FailureKind}, the redacted endpoint and the number of attempts; none ever
 * contains the API key.
 */
package io.palr.openai.error;
