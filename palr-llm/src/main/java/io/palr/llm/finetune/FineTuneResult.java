package io.palr.llm.finetune;

import java.nio.file.Path;

/**
 * The outcome of a fine-tuning run.
 *
 * @param steps optimizer steps made
 * @param epochs fractional epochs completed
 * @param initialTrainLoss the loss of the first step
 * @param finalTrainLoss the loss of the last step
 * @param initialEvalLoss the held-out loss before training (NaN without an eval split)
 * @param finalEvalLoss the held-out loss after training (NaN without an eval split)
 * @param bestEvalLoss the lowest held-out loss seen (NaN without an eval split)
 * @param stoppedEarly whether early stopping ended the run
 * @param trainExamples training examples used
 * @param truncatedExamples training examples whose prompt was cut from the left
 * @param skippedExamples training and eval examples dropped as too long
 * @param trainedTokens input tokens processed (padding excluded)
 * @param tokensPerSecond trainedTokens per second of training
 * @param stepsPerSecond optimizer steps per second of training
 * @param trainingSeconds training time (evaluation and saving excluded)
 * @param checkpoint the checkpoint folder (PEFT adapter or Hugging Face model)
 * @param log the {@code training_log.csv}
 * @param configFile the {@code training_config.json}
 * @param stop why and when the run ended (step bound, early stopping, time budget)
 */
public record FineTuneResult(
    int steps,
    double epochs,
    double initialTrainLoss,
    double finalTrainLoss,
    double initialEvalLoss,
    double finalEvalLoss,
    double bestEvalLoss,
    boolean stoppedEarly,
    int trainExamples,
    int truncatedExamples,
    int skippedExamples,
    long trainedTokens,
    double tokensPerSecond,
    double stepsPerSecond,
    double trainingSeconds,
    Path checkpoint,
    Path log,
    Path configFile,
    io.palr.api.training.TrainingStop stop) {}
