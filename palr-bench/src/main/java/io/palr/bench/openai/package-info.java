/** Entry point for checking a live OpenAI-compatible server. */
package io.palr.bench.openai;
