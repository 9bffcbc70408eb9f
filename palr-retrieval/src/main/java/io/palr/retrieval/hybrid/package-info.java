/**
 * Fusion of several candidate retrievers (e.g. SASRec and a text retriever) by reciprocal rank or
 * scaled scores, so that items only one of them knows can enter the candidate list.
 */
package io.palr.retrieval.hybrid;
