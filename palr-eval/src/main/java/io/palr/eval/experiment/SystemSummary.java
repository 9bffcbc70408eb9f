package io.palr.eval.experiment;

/**
 * One row of the experiment table.
 *
 * @param system the system's name, e.g. "PALR-v2 (likelihood)"
 * @param rankerMode how the LLM ranks: "retriever order", "generative + parsing", "constrained
 *     decoding" or "likelihood scoring"
 * @param hr hit rate at the experiment's k on the test split
 * @param ndcg NDCG at the experiment's k on the test split
 * @param hallucinationRate share of generated item lines that named no candidate (NaN for SASRec,
 *     and when the model generated no item line)
 * @param fallbackRate share of users answered in retriever order because the LLM output was
 *     unusable or failed
 * @param latencyMsPerUser mean wall time of one user's request in milliseconds
 * @param users users evaluated
 */
public record SystemSummary(
    String system,
    String rankerMode,
    double hr,
    double ndcg,
    double hallucinationRate,
    double fallbackRate,
    double latencyMsPerUser,
    int users) {}
