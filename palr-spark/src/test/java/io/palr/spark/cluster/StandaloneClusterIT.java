package io.palr.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.data.InteractionDataset;
import io.palr.spark.MovieLens100kFixture;
import io.palr.spark.SasRecFixture;
import io.palr.spark.TestSpark;
import io.palr.spark.recommend.PalrPipeline;
import io.palr.spark.recommend.PipelineFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real cluster: a standalone master and two workers as separate JVMs on 127.0.0.1,
 * SASRec batch recommendation for ML-100K submitted with {@code SparkSubmit}, its output checked
 * against single-JVM {@code recommendAll}, every listening socket on loopback, and every process
 * gone afterwards. Also: an unreachable master is a one-line error within the timeout.
 */
class StandaloneClusterIT {
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
  private static final java.util.regex.Pattern NEWLINE = java.util.regex.Pattern.compile("\n");
  private static final java.util.regex.Pattern CLASS_PATH_SEPARATOR =
      java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(File.pathSeparator));

  @TempDir Path tmp;

  @Test
  @Tag("slow")
  void jobJarRunsOnATwoWorkerStandaloneClusterOnLoopback() throws Exception {
    TestSpark.sharedData("ml-100k");
    Path fixture = MovieLens100kFixture.existing();
    assumeTrue(fixture != null, "the unit tests' ML-100K fixture is absent (run mvn verify)");
    Path jobJar = Path.of(System.getProperty("palr.spark.jobJar"));
    assertThat(jobJar).exists();
    InteractionDataset data =
        io.palr.data.snapshot.DatasetSnapshot.read(fixture.resolve("ml100k.palrds")).dataset();
    Path sasrec = SasRecFixture.checkpoint(data);
    Path out = tmp.resolve("recs");

    List<ProcessHandle> seen;
    String submitLog;
    try (LocalStandaloneCluster cluster =
        LocalStandaloneCluster.start(
            tmp.resolve("cluster"), sparkJars(), jvmOptions(), 2, Duration.ofMinutes(4))) {
      int rc =
          cluster.submit(
              "submit",
              List.of(
                  "--jars",
                  nativeJar().toString(),
                  "--conf",
                  "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1",
                  "--conf",
                  "spark.executorEnv.OMP_NUM_THREADS=1",
                  "--conf",
                  "spark.executorEnv.DJL_CACHE_DIR=" + djlCache(),
                  "--conf",
                  "spark.executorEnv.ENGINE_CACHE_DIR=" + djlCache(),
                  "--class",
                  "io.palr.spark.job.PalrSparkJob",
                  jobJar.toString(),
                  "recommend",
                  "--prepared",
                  fixture.resolve("prepared").toString(),
                  "--data",
                  fixture.resolve("ml100k.palrds").toString(),
                  "--model-dir",
                  sasrec.toString(),
                  "--batch",
                  "64",
                  "--start-timeout",
                  "240",
                  "--partitions",
                  "6",
                  "-k",
                  "10",
                  "-o",
                  out.toString()),
              Duration.ofMinutes(8));
      submitLog = cluster.log("submit");
      seen = cluster.processes();
      // each executor closed its pipeline when it ended (PalrSparkPlugin); executors end just after
      // the driver
      List<String> executors = cluster.executorLogs();
      for (int i = 0;
          i < 300 && executors.stream().filter(l -> l.contains("closed 1 pipeline(s)")).count() < 2;
          i++) {
        Thread.sleep(100);
        executors = cluster.executorLogs();
      }
      assertThat(executors).hasSize(2);
      assertThat(executors)
          .allSatisfy(log -> assertThat(log).contains("closed 1 pipeline(s) of this JVM"));
      assertThat(rc).as(tail(submitLog)).isZero();
      assertThat(LocalStandaloneCluster.nonLoopbackListeners(seen)).isEmpty();
    }
    // one pipeline per executor JVM: two workers, two executors, two builds
    assertThat(submitLog).contains("for 943 users").contains("2 pipeline(s) built");
    for (ProcessHandle h : seen) {
      assertThat(h.isAlive()).as("process %d left running", h.pid()).isFalse();
    }

    Map<String, List<String>> expected = new HashMap<>();
    PipelineFactory factory =
        PipelineFactory.of(fixture.resolve("ml100k.palrds").toString(), sasrec.toString())
            .withRetrievalBatch(64);
    try (PalrPipeline single = factory.create()) {
      List<UserHistory> histories = new ArrayList<>();
      for (int u = 0; u < single.dataset().numUsers(); u++) {
        histories.add(single.dataset().history(u));
      }
      for (Recommendation r : single.palr().recommendAll(histories, 10)) {
        expected.put(
            r.userId(),
            r.items().stream()
                .map(i -> i.rank() + " " + i.item().id() + " " + i.retrieverScore())
                .toList());
      }
    }
    assertThat(readParquet(out)).isEqualTo(expected);
  }

  @Test
  void theJobJarBundlesPalrButNotSparkAndRelocatesJacksonAndGuava() throws Exception {
    Path jobJar = Path.of(System.getProperty("palr.spark.jobJar"));
    assertThat(jobJar).exists();
    List<String> names;
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jobJar.toFile())) {
      names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
    }
    assertThat(names)
        .contains(
            "io/palr/spark/job/PalrSparkJob.class",
            "io/palr/core/pipeline/Palr.class",
            "io/palr/shaded/jackson/databind/ObjectMapper.class",
            "io/palr/shaded/guava/hash/Hashing.class",
            "ai/djl/ndarray/NDArray.class")
        .noneMatch(
            n ->
                n.startsWith("org/apache/spark/")
                    || n.startsWith("scala/")
                    || n.startsWith("org/slf4j/")
                    || n.startsWith("com/fasterxml/jackson/")
                    || n.startsWith("com/google/common/")
                    || n.endsWith("libtorch.so"));
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(jobJar.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.palr.spark.job.PalrSparkJob");
    }
  }

  @Test
  void anUnreachableMasterIsAOneLineErrorWithinTheTimeout() throws Exception {
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(
        List.of(
            "io.palr.spark.job.PalrSparkJob",
            "recommend",
            "--master",
            "spark://127.0.0.1:" + closed,
            "--start-timeout",
            "10",
            "--prepared",
            tmp.toString(),
            "--data",
            tmp.resolve("x.palrds").toString(),
            "-o",
            tmp.resolve("out").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long start = System.nanoTime();
    Process p = pb.start();
    byte[] stderr = p.getErrorStream().readAllBytes();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> errors =
        new String(stderr, java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("palr: error:"))
            .toList();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains("spark://127.0.0.1:" + closed).contains("within 10 s");
    assertThat(seconds).as("seconds until the error").isLessThan(60);
  }

  private static Map<String, List<String>> readParquet(Path dir) throws IOException {
    Map<String, List<String>> got = new HashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    List<String[]> rows = new ArrayList<>();
    for (Path f : files) {
      try (ParquetReader<Group> r =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri()))
              .withConf(new Configuration())
              .build()) {
        Group g;
        while ((g = r.read()) != null) {
          rows.add(
              new String[] {
                g.getString("user_id", 0),
                String.valueOf(g.getInteger("rank", 0)),
                g.getString("item_id", 0),
                String.valueOf(g.getDouble("score", 0))
              });
        }
      }
    }
    rows.sort(
        (a, b) ->
            a[0].equals(b[0])
                ? Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1]))
                : a[0].compareTo(b[0]));
    for (String[] r : rows) {
      got.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1] + " " + r[2] + " " + r[3]);
    }
    return got;
  }

  /**
   * Spark and its dependencies from this JVM's class path: no palr classes, no test libraries, no
   * natives.
   */
  private static List<Path> sparkJars() {
    List<Path> jars = new ArrayList<>();
    for (String e : CLASS_PATH_SEPARATOR.split(System.getProperty("java.class.path"), -1)) {
      Path p = Path.of(e);
      String n = p.getFileName().toString();
      if (!n.endsWith(".jar")
          || n.startsWith("palr-")
          || n.startsWith("junit-")
          || n.startsWith("assertj-")
          || n.startsWith("opentest4j")
          || n.startsWith("apiguardian")
          || n.startsWith("surefire")
          || n.startsWith("pytorch-native")
          || n.startsWith("slf4j-simple")
          || n.startsWith("common-java5")
          || n.startsWith("common-junit")) {
        continue;
      }
      jars.add(p);
    }
    return jars;
  }

  private static Path nativeJar() {
    return Arrays.stream(CLASS_PATH_SEPARATOR.split(System.getProperty("java.class.path"), -1))
        .map(Path::of)
        .filter(p -> p.getFileName().toString().startsWith("pytorch-native-cpu"))
        .findFirst()
        .orElseThrow();
  }

  private static String djlCache() {
    String d = System.getenv("DJL_CACHE_DIR");
    return d != null ? d : Path.of("target", "djl-cache").toAbsolutePath().toString();
  }

  private static List<String> jvmOptions() {
    return Arrays.stream(
            WHITESPACE.split(System.getProperty("palr.spark.jvmOptions", "").trim(), -1))
        .filter(s -> !s.isBlank())
        .toList();
  }

  private static String tail(String log) {
    String[] lines = NEWLINE.split(log, -1);
    return String.join(
        "\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
  }
}
