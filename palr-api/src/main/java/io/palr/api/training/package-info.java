/**
 * The shape every palr training loop shares (retrieval training in palr-retrieval, LLM fine-tuning
 * in palr-llm): a bare loop that reports to {@link io.palr.api.training.TrainingListener}s, and the
 * listeners that decide when to stop ({@link io.palr.api.training.EarlyStopping}, {@link
 * io.palr.api.training.TimeBudget}) or that training failed ({@link
 * io.palr.api.training.DivergenceCheck}, which throws {@link
 * io.palr.api.training.TrainingDivergedException}). Modelled on DJL's {@code EasyTrain} and {@code
 * TrainingListener}. JDK only.
 */
package io.palr.api.training;
