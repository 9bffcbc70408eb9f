/**
 * The PALR method end to end: {@link io.palr.eval.experiment.PalrExperiment} loads a data set,
 * trains SASRec, builds instruction data from the training split, fine-tunes a LLaMA-architecture
 * model and compares SASRec, PALR-v1 and PALR-v2 on the test split, writing a report; {@link
 * io.palr.eval.experiment.QuickstartRunner} runs it for {@code palr quickstart}, and palr-bench's
 * {@code io.palr.bench.experiment.ExperimentRunner} for the real-data experiments.
 */
package io.palr.eval.experiment;
