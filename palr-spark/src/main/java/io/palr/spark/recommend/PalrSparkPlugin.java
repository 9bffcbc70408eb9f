package io.palr.spark.recommend;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Spark plugin ({@code spark.plugins=io.palr.spark.recommend.PalrSparkPlugin}, added by {@link
 * io.palr.spark.session.SparkSessions}) that closes the pipelines of an executor when it shuts
 * down, so that native memory and HTTP clients are released with the executor and not at an
 * arbitrary later point.
 */
public final class PalrSparkPlugin implements SparkPlugin {
  /** Creates the plugin (Spark instantiates it by name). */
  public PalrSparkPlugin() {}

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        // pipelines are built lazily by the first task that needs one
      }

      @Override
      public void shutdown() {
        ExecutorResources.closeAll();
      }
    };
  }
}
