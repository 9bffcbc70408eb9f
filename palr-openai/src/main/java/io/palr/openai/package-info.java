/**
 * Ranker and profile generator backed by an OpenAI-compatible HTTP server (vLLM, TGI, llama.cpp,
 * Ollama).
 */
package io.palr.openai;
