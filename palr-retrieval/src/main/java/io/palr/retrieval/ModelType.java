package io.palr.retrieval;

import io.palr.retrieval.model.BprConfig;
import io.palr.retrieval.model.CaserConfig;
import io.palr.retrieval.model.Gru4RecConfig;
import io.palr.retrieval.model.NcfConfig;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.PopularityConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The retrieval models palr ships, by the names the CLI accepts ({@code train --model NAME}). */
public enum ModelType {
  /** SASRec, the default retriever. */
  SASREC("sasrec", true, SasRecConfig.class, SasRecConfig::defaults),
  /** BPR matrix factorisation. */
  BPR("bpr", true, BprConfig.class, BprConfig::defaults),
  /** Neural collaborative filtering (NeuMF). */
  NCF("ncf", true, NcfConfig.class, NcfConfig::defaults),
  /** GRU4Rec. */
  GRU4REC("gru4rec", true, Gru4RecConfig.class, Gru4RecConfig::defaults),
  /** Caser. */
  CASER("caser", true, CaserConfig.class, CaserConfig::defaults),
  /** Most popular items. */
  POP("pop", false, PopularityConfig.class, PopularityConfig::defaults),
  /** Item-to-item co-occurrence neighbours. */
  ITEMKNN("itemknn", false, ItemKnnConfig.class, ItemKnnConfig::defaults);

  private final String id;
  private final boolean neural;
  private final Class<? extends ModelConfig> configClass;
  private final Supplier<? extends ModelConfig> defaults;

  ModelType(
      String id,
      boolean neural,
      Class<? extends ModelConfig> configClass,
      Supplier<? extends ModelConfig> defaults) {
    this.id = id;
    this.neural = neural;
    this.configClass = configClass;
    this.defaults = defaults;
  }

  /** The name used on the command line, in checkpoints and in reports. */
  public String id() {
    return id;
  }

  /**
   * Whether the model is trained by the {@link io.palr.retrieval.train.Trainer} (and checkpointed).
   */
  public boolean neural() {
    return neural;
  }

  /** The record type of the model's hyper-parameters. */
  public Class<? extends ModelConfig> configClass() {
    return configClass;
  }

  /** The model's default hyper-parameters. */
  public ModelConfig defaultConfig() {
    return defaults.get();
  }

  /**
   * The model of this name (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted names if there is none
   */
  public static ModelType parse(String name) {
    for (ModelType t : values()) {
      if (t.id.equals(name.toLowerCase(Locale.ROOT).trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown retrieval model '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(ModelType::id).collect(Collectors.joining("|")));
  }
}
