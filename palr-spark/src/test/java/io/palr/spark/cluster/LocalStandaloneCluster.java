package io.palr.spark.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: Spark's own {@code deploy.master.Master} and
 * {@code deploy.worker.Worker} started as separate JVMs from the test's class path (no Spark
 * distribution: a folder of links to the Spark jars stands in for {@code SPARK_HOME}), and
 * applications submitted with {@code org.apache.spark.deploy.SparkSubmit}, as {@code spark-submit}
 * runs it. Everything binds to the loopback interface; {@link #close()} ends every process it
 * started, executors included.
 */
final class LocalStandaloneCluster implements AutoCloseable {
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
  private final Path home;
  private final Path logs;
  private final int port;
  private final List<Process> daemons = new ArrayList<>();
  private final List<String> jvmOptions;
  private final Map<String, String> env;

  private LocalStandaloneCluster(Path dir, List<Path> sparkJars, List<String> jvmOptions)
      throws IOException {
    this.home = dir.resolve("spark-home");
    this.logs = dir.resolve("logs");
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(logs);
    for (Path jar : sparkJars) {
      Path link = home.resolve("jars").resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
    }
    // INFO for the daemons: the test reads the master's log to see workers register
    Files.writeString(
        home.resolve("conf").resolve("log4j2.properties"),
        String.join(
            "\n",
            "rootLogger.level = warn",
            "rootLogger.appenderRef.stderr.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
            "logger.master.name = org.apache.spark.deploy.master.Master",
            "logger.master.level = info",
            "logger.palr.name = io.palr.spark",
            "logger.palr.level = info",
            ""));
    this.jvmOptions = jvmOptions;
    this.env =
        Map.of(
            "SPARK_HOME",
            home.toString(),
            "SPARK_CONF_DIR",
            home.resolve("conf").toString(),
            "SPARK_LOCAL_IP",
            "127.0.0.1",
            "SPARK_SCALA_VERSION",
            "2.13");
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      this.port = s.getLocalPort();
    }
  }

  /**
   * Starts a master and {@code workers} workers (one core each) and waits until they registered.
   *
   * @param dir a scratch folder (work folders, logs)
   * @param sparkJars the jars of Spark and its dependencies
   * @param jvmOptions the JVM options Spark needs on Java 17
   */
  static LocalStandaloneCluster start(
      Path dir, List<Path> sparkJars, List<String> jvmOptions, int workers, Duration timeout)
      throws IOException, InterruptedException {
    LocalStandaloneCluster c = new LocalStandaloneCluster(dir, sparkJars, jvmOptions);
    try {
      c.daemons.add(
          c.java(
              "master",
              "-Xmx256m",
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(c.port),
              "--webui-port",
              "0"));
      for (int w = 1; w <= workers; w++) {
        Path work = dir.resolve("worker" + w);
        Files.createDirectories(work);
        c.daemons.add(
            c.java(
                "worker" + w,
                "-Xmx256m",
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--cores",
                "1",
                "--memory",
                "1g",
                "--webui-port",
                "0",
                "--work-dir",
                work.toString(),
                c.masterUrl()));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (c.registeredWorkers() < workers) {
        for (Process p : c.daemons) {
          if (!p.isAlive()) {
            throw new IllegalStateException("a cluster process exited; see " + c.logs);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "workers did not register within " + timeout + "; see " + c.logs);
        }
        Thread.sleep(200);
      }
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  Path logs() {
    return logs;
  }

  /** The processes of the cluster: daemons and the executors they started. */
  List<ProcessHandle> processes() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : daemons) {
      all.add(p.toHandle());
      p.descendants().forEach(all::add);
    }
    return all;
  }

  private int registeredWorkers() {
    try {
      return (int)
          Files.readAllLines(logs.resolve("master.log")).stream()
              .filter(l -> l.contains("Registering worker"))
              .count();
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Runs {@code SparkSubmit} in client mode against this cluster; returns its exit code (output in
   * {@code logs/<name>.log}).
   */
  int submit(String name, List<String> submitArgs, Duration timeout)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.add("org.apache.spark.deploy.SparkSubmit");
    args.add("--master");
    args.add(masterUrl());
    args.add("--deploy-mode");
    args.add("client");
    for (String conf :
        List.of(
            "spark.driver.host=127.0.0.1",
            "spark.driver.bindAddress=127.0.0.1",
            "spark.ui.enabled=false",
            "spark.executor.memory=768m",
            "spark.executor.cores=1",
            "spark.cores.max=2",
            "spark.scheduler.minRegisteredResourcesRatio=1.0",
            "spark.scheduler.maxRegisteredResourcesWaitingTime=60s")) {
      args.add("--conf");
      args.add(conf);
    }
    args.addAll(submitArgs);
    List<String> all = new ArrayList<>(List.of("-Xmx512m"));
    all.addAll(args);
    Process p = java(name, all.toArray(String[]::new));
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + logs);
    }
    return p.exitValue();
  }

  /** The standard error of every executor the workers ran. */
  List<String> executorLogs() throws IOException {
    List<String> out = new ArrayList<>();
    try (var files = Files.walk(logs.getParent())) {
      for (Path p : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
        out.add(Files.readString(p));
      }
    }
    return out;
  }

  String log(String name) throws IOException {
    return Files.readString(logs.resolve(name + ".log"));
  }

  private Process java(String name, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-Dlog4j2.configurationFile=" + home.resolve("conf").resolve("log4j2.properties"));
    int main = 0;
    while (main < args.length && args[main].startsWith("-")) {
      cmd.add(args[main++]);
    }
    cmd.add("-cp");
    cmd.add(home.resolve("jars") + File.separator + "*");
    for (int i = main; i < args.length; i++) {
      cmd.add(args[i]);
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Ends every process of the cluster (executors first) and waits for them. */
  @Override
  public void close() {
    List<ProcessHandle> all = processes();
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).destroy();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  /** Listening TCP sockets of the given processes that are not on the loopback interface. */
  static List<String> nonLoopbackListeners(List<ProcessHandle> processes) {
    List<String> out = new ArrayList<>();
    Set<String> inodes = new java.util.HashSet<>();
    for (ProcessHandle h : processes) {
      File[] fds = new File("/proc/" + h.pid() + "/fd").listFiles();
      if (fds == null) {
        continue;
      }
      for (File fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd.toPath()).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException | UnsupportedOperationException ignored) {
          // the descriptor closed meanwhile
        }
      }
    }
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = WHITESPACE.split(line.trim(), -1);
          if (f.length < 10 || !f[3].equals("0A") || !inodes.contains(f[9])) {
            continue; // not a listening socket of ours
          }
          String addr = f[1].substring(0, f[1].indexOf(':'));
          boolean loopback =
              addr.equals("0100007F")
                  || addr.equals("00000000000000000000000001000000")
                  || addr.equals("0000000000000000FFFF00000100007F");
          if (!loopback) {
            out.add(table + " " + f[1]);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
