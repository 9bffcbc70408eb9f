package io.palr.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.palr.api.Candidate;
import io.palr.api.UserHistory;
import io.palr.data.InteractionDataset;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.io.output.FolderManifest;
import io.palr.io.safetensors.SafetensorsFile;
import io.palr.io.safetensors.SafetensorsWriter;
import io.palr.retrieval.checkpoint.CheckpointException;
import io.palr.retrieval.checkpoint.Checkpoints;
import io.palr.retrieval.model.Gru4RecConfig;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainableModel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint round trip and every way a checkpoint can be wrong. */
class CheckpointTest {
  private static TrainableModel<?> model;
  private static Path saved;
  private static String fingerprint;

  @BeforeAll
  static void trainAndSave(@TempDir Path dir) {
    RetrievalModels.Fitted fitted =
        RetrievalModels.fit(
            new SasRecConfig(20, 16, 1, 1, 0.2f, 0f),
            TestData.split(),
            TestData.fastTrainer(2).withRunDirectory(dir.resolve("run")));
    model = (TrainableModel<?>) fitted.scorer();
    fingerprint = TestData.dataset().fingerprint();
    saved = dir.resolve("ckpt");
    Checkpoints.save(model, fingerprint, saved);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static List<List<Candidate>> topK(TrainableModel<?> m) {
    InteractionDataset ds = TestData.dataset();
    List<int[]> train = new ArrayList<>();
    for (int u = 0; u < ds.numUsers(); u++) {
      train.add(ds.sequence(u));
    }
    ScorerRetriever r =
        new ScorerRetriever("sasrec", m, ds.catalog(), PopularityScorer.fit(ds.numItems(), train));
    List<UserHistory> users = new ArrayList<>();
    for (int u = 0; u < 50; u++) {
      users.add(ds.history(u));
    }
    return r.retrieveAll(users, 20);
  }

  @Test
  void restoredModelReturnsExactlyTheSameTopK() throws IOException {
    try (TrainableModel<?> restored =
        Checkpoints.load(saved, ModelType.SASREC, fingerprint, Device.cpu())) {
      assertThat(restored.config()).isEqualTo(model.config());
      assertThat(topK(restored)).isEqualTo(topK(model));
    }
  }

  @Test
  void trainerWroteBestCheckpointAndLossCsv() throws IOException {
    Path run = saved.getParent().resolve("run");
    List<String> csv = Files.readAllLines(run.resolve("loss.csv"));
    assertThat(csv.get(0)).isEqualTo("epoch,step,loss,lr");
    assertThat(csv).hasSizeGreaterThan(2);
    try (TrainableModel<?> best =
        Checkpoints.load(run.resolve("checkpoint"), fingerprint, Device.cpu())) {
      assertThat(topK(best)).isEqualTo(topK(model));
    }
  }

  @Test
  void truncatedWeightsAreRejected(@TempDir Path dir) throws IOException {
    Path copy = copy(dir);
    Path weights = copy.resolve(Checkpoints.WEIGHTS);
    try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    assertThatThrownBy(() -> Checkpoints.load(copy, ModelType.SASREC, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(Checkpoints.WEIGHTS);
  }

  @Test
  void truncatedHeaderIsRejected(@TempDir Path dir) throws IOException {
    Path copy = copy(dir);
    Path weights = copy.resolve(Checkpoints.WEIGHTS);
    try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
      ch.truncate(5);
    }
    assertThatThrownBy(() -> Checkpoints.load(copy, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("damaged");
  }

  @Test
  void otherDataSetIsRejected() {
    String other = SyntheticDataset.generate(SyntheticDataset.Config.small()).fingerprint();
    assertThatThrownBy(() -> Checkpoints.load(saved, ModelType.SASREC, other, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("fingerprint")
        .hasMessageContaining(fingerprint)
        .hasMessageContaining(other);
  }

  @Test
  void otherModelTypeIsRejected() {
    assertThatThrownBy(() -> Checkpoints.load(saved, ModelType.GRU4REC, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("'sasrec'")
        .hasMessageContaining("gru4rec");
  }

  @Test
  void weightsOfAnotherModelUnderAMatchingManifestAreRejected(@TempDir Path dir)
      throws IOException {
    // a GRU4Rec's weights next to the SASRec manifest: names and shapes are checked before use
    Path copy = copy(dir);
    try (TrainableModel<?> gru =
        RetrievalModels.create(new Gru4RecConfig(20, 16, 0f), model.numItems(), Device.cpu(), 1)) {
      Path other = dir.resolve("gru");
      Checkpoints.save(gru, fingerprint, other);
      Files.copy(
          other.resolve(Checkpoints.WEIGHTS),
          copy.resolve(Checkpoints.WEIGHTS),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertThatThrownBy(() -> Checkpoints.load(copy, ModelType.SASREC, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor");
  }

  @Test
  void shapeMismatchIsRejected(@TempDir Path dir) throws IOException {
    Path copy = copy(dir);
    Path manifest = copy.resolve(Checkpoints.MANIFEST);
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"hiddenSize\" : 16", "\"hiddenSize\" : 32"));
    assertThatThrownBy(() -> Checkpoints.load(copy, ModelType.SASREC, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("needs F32");
  }

  @Test
  void malformedOrMissingManifestIsRejected(@TempDir Path dir) throws IOException {
    Path copy = copy(dir);
    Files.writeString(copy.resolve(Checkpoints.MANIFEST), "{ not json");
    assertThatThrownBy(() -> Checkpoints.load(copy, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(Checkpoints.MANIFEST);
    Files.delete(copy.resolve(Checkpoints.MANIFEST));
    assertThatThrownBy(() -> Checkpoints.load(copy, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not a checkpoint");
  }

  @Test
  void manifestCatchesDamagedWeights(@TempDir Path dir) throws IOException {
    Path copy = copy(dir);
    Files.copy(saved.resolve(FolderManifest.FILE_NAME), copy.resolve(FolderManifest.FILE_NAME));
    Path weights = copy.resolve(Checkpoints.WEIGHTS);
    byte[] b = Files.readAllBytes(weights);
    b[b.length - 3] ^= 0x10;
    Files.write(weights, b);
    assertThatThrownBy(() -> Checkpoints.load(copy, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(Checkpoints.WEIGHTS)
        .hasMessageContaining("SHA-256");
  }

  @Test
  void nonFiniteWeightsAreRefusedOnLoad(@TempDir Path dir) throws IOException {
    Path copy = copy(dir);
    Path weights = copy.resolve(Checkpoints.WEIGHTS);
    SafetensorsWriter w = new SafetensorsWriter();
    String poisoned;
    try (SafetensorsFile f = SafetensorsFile.open(saved.resolve(Checkpoints.WEIGHTS))) {
      poisoned = f.names().iterator().next();
      for (String n : f.names()) {
        float[] v = f.floats(n);
        if (n.equals(poisoned)) {
          v[1] = Float.NaN;
        }
        w.putFloats(n, v, f.info(n).shape());
      }
    }
    w.write(weights);
    assertThatThrownBy(() -> Checkpoints.load(copy, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor '" + poisoned + "'")
        .hasMessageContaining("NaN at index 1");
  }

  @Test
  void divergedModelNeverReplacesACheckpoint(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("ckpt");
    Checkpoints.save(model, fingerprint, target);
    byte[] before = Files.readAllBytes(target.resolve(Checkpoints.WEIGHTS));
    try (TrainableModel<?> diverged =
        RetrievalModels.create(model.config(), model.numItems(), Device.cpu(), 1L)) {
      java.util.Map<String, float[]> values = new java.util.LinkedHashMap<>();
      diverged.parameters().all().forEach((n, a) -> values.put(n, a.toFloatArray()));
      String first = values.keySet().iterator().next();
      values.get(first)[0] = Float.POSITIVE_INFINITY;
      diverged.parameters().restore(values);
      assertThatThrownBy(() -> Checkpoints.save(diverged, fingerprint, target))
          .hasMessageContaining("tensor '" + first + "'")
          .hasMessageContaining("+Infinity at index 0");
    }
    assertThat(Files.readAllBytes(target.resolve(Checkpoints.WEIGHTS))).isEqualTo(before);
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("ckpt");
    }
  }

  @Test
  void impossibleSizesInAManifestAreRefusedBeforeAllocating(@TempDir Path dir) throws IOException {
    Path copy = copy(dir);
    Path manifest = copy.resolve(Checkpoints.MANIFEST);
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"maxLength\" : 20", "\"maxLength\" : 2000000000"));
    assertThatThrownBy(() -> Checkpoints.load(copy, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("maxLength=2000000000")
        .hasMessageContaining("more than this machine's");
  }

  @Test
  void invalidHyperParametersAreRejected(@TempDir Path dir) throws IOException {
    Path copy = copy(dir);
    Path manifest = copy.resolve(Checkpoints.MANIFEST);
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"heads\" : 1", "\"heads\" : 3"));
    assertThatThrownBy(() -> Checkpoints.load(copy, fingerprint, Device.cpu()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("invalid sasrec config");
  }

  private static Path copy(Path dir) throws IOException {
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy);
    for (String f : List.of(Checkpoints.WEIGHTS, Checkpoints.MANIFEST)) {
      Files.copy(saved.resolve(f), copy.resolve(f));
    }
    return copy;
  }
}
