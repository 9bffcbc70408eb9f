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
import java.util.stream.Collectors;

/** The retrieval models palr ships, by the names the CLI accepts ({@code train --model NAME}). */
public enum ModelType {
  /** SASRec, the default retriever. */
  SASREC("sasrec", true, SasRecConfig.class),
  /** BPR matrix factorisation. */
  BPR("bpr", true, BprConfig.class),
  /** Neural collaborative filtering (NeuMF). */
  NCF("ncf", true, NcfConfig.class),
  /** GRU4Rec. */
  GRU4REC("gru4rec", true, Gru4RecConfig.class),
  /** Caser. */
  CASER("caser", true, CaserConfig.class),
  /** Most popular items. */
  POP("pop", false, PopularityConfig.class),
  /** Item-to-item co-occurrence neighbours. */
  ITEMKNN("itemknn", false, ItemKnnConfig.class);

  private final String id;
  private final boolean neural;
  private final Class<? extends ModelConfig> configClass;

  ModelType(String id, boolean neural, Class<? extends ModelConfig> configClass) {
    this.id = id;
    this.neural = neural;
    this.configClass = configClass;
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
    return switch (this) {
      case SASREC -> SasRecConfig.defaults();
      case BPR -> BprConfig.defaults();
      case NCF -> NcfConfig.defaults();
      case GRU4REC -> Gru4RecConfig.defaults();
      case CASER -> CaserConfig.defaults();
      case POP -> PopularityConfig.defaults();
      case ITEMKNN -> ItemKnnConfig.defaults();
    };
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
