package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAndRecommendTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void trainsSasRecAndRecommendsFromTheCheckpoint(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("sasrec");
    Cli.Result train =
        Cli.run(
            Cli.concat(
                new String[] {"train"},
                Cli.concat(
                    Cli.SMALL,
                    "--model",
                    "sasrec",
                    "--epochs",
                    "2",
                    "--eval-every",
                    "1",
                    "-P",
                    "hiddenSize=16",
                    "-P",
                    "blocks=1",
                    "-P",
                    "maxLength=20",
                    "--batch-size",
                    "64",
                    "--no-progress",
                    "-o",
                    model.toString())));
    assertThat(train.exitCode()).as(train.toString()).isZero();
    assertThat(train.out()).contains("trained 2 epochs").contains("validation (full ranking");
    assertThat(model.resolve("checkpoint/model.safetensors")).isRegularFile();
    assertThat(model.resolve("loss.csv")).isRegularFile();
    assertThat(Files.readAllLines(model.resolve("loss.csv")).get(0))
        .isEqualTo("epoch,step,loss,lr");
    assertThat(Files.size(model.resolve("loss.png"))).isGreaterThan(1000);
    assertThat(model.resolve("training.json")).isRegularFile();
    JsonNode descriptor = JSON.readTree(model.resolve("model.json").toFile());
    assertThat(descriptor.path("modelType").asText()).isEqualTo("sasrec");
    assertThat(descriptor.path("config").path("hiddenSize").asInt()).isEqualTo(16);
    assertThat(
            JSON.readTree(model.resolve("resolved-config.json").toFile())
                .path("train")
                .path("epochs")
                .asInt())
        .isEqualTo(2);

    Cli.Result rec =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(
                    Cli.SMALL,
                    "--model-dir",
                    model.toString(),
                    "--user",
                    "u00001",
                    "--user",
                    "u00002",
                    "-k",
                    "5",
                    "--format",
                    "json")));
    assertThat(rec.exitCode()).as(rec.toString()).isZero();
    JsonNode out = JSON.readTree(rec.out());
    assertThat(out).hasSize(2);
    assertThat(out.get(0).path("items")).hasSize(5);
    assertThat(out.get(0).path("provenance").path("retriever").asText()).isEqualTo("sasrec");
    assertThat(out.get(0).path("provenance").path("status").asText()).isEqualTo("RETRIEVER_ONLY");

    // a checkpoint trained on other data is refused with a clear message
    Cli.Result other =
        Cli.run(
            "recommend",
            "--synthetic",
            "--synthetic-users",
            "160",
            "--synthetic-franchises",
            "30",
            "--model-dir",
            model.toString(),
            "--user",
            "u00001");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.err()).contains("fingerprint");
  }

  @Test
  void fitsItemKnnAndExplainsTheRecommendation(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("knn");
    Cli.Result train =
        Cli.run(
            Cli.concat(
                new String[] {"train"},
                Cli.concat(
                    Cli.SMALL, "--model", "itemknn", "-P", "window=2", "-o", model.toString())));
    assertThat(train.exitCode()).as(train.toString()).isZero();
    assertThat(
            JSON.readTree(model.resolve("model.json").toFile())
                .path("config")
                .path("window")
                .asInt())
        .isEqualTo(2);

    Cli.Result rec =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(
                    Cli.SMALL, "--model-dir", model.toString(), "--user", "u00003", "--explain")));
    assertThat(rec.exitCode()).as(rec.toString()).isZero();
    assertThat(rec.out())
        .contains("user u00003:")
        .contains("profile (attributes): ")
        .contains(" 10. ")
        .contains("--- prompt for the ranker ---")
        .contains("### Response:")
        .contains("status: RETRIEVER_ONLY");
  }

  @Test
  void recommendsForAHistoryOfTitlesAndIds() {
    // the synthetic catalogue names its films "<Adjective> <Noun>" with sequels; take two from the
    // data itself
    var data =
        io.palr.data.synthetic.SyntheticDataset.generate(
            new io.palr.data.synthetic.SyntheticDataset.Config(150, 30, 8, 40, 0.55, 0.5, 42));
    String title = data.catalog().item(0).title();
    String id = data.catalog().item(1).id();
    Cli.Result rec =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(Cli.SMALL, "--history", title, id, "no such film at all", "-k", "4")));
    assertThat(rec.exitCode()).as(rec.toString()).isZero();
    assertThat(rec.out()).contains("user history: 2 history items").contains("  4. ");
    assertThat(rec.err()).contains("no catalogue item matches [no such film at all]");

    Cli.Result none =
        Cli.run(Cli.concat(new String[] {"recommend"}, Cli.concat(Cli.SMALL, "--history", "zzz")));
    assertThat(none.exitCode()).isEqualTo(2);

    Cli.Result user =
        Cli.run(Cli.concat(new String[] {"recommend"}, Cli.concat(Cli.SMALL, "--user", "nobody")));
    assertThat(user.exitCode()).isEqualTo(2);
    assertThat(user.err()).contains("no user 'nobody'");
  }

  @Test
  void listsHyperParameters() {
    Cli.Result r = Cli.run("train", "--model", "caser", "--list-params");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("caser hyper-parameters");
    Cli.Result bad =
        Cli.run(
            Cli.concat(new String[] {"train"}, Cli.concat(Cli.SMALL, "-P", "wings=2", "-o", "x")));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("has no parameter 'wings'");
  }
}
