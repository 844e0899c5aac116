package io.mpcium.examples;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Chooses the launcher's log format and level at run time by reloading {@code logback.xml}
 * with the properties {@code MPCIUM_LOG_FORMAT} ({@code console} or {@code json}) and {@code
 * MPCIUM_LOG_LEVEL}. Call it once, early, from the command's thread.
 */
final class LogSetup {
  private LogSetup() { }

  /** {@code format}: console or json; {@code level}: an slf4j level name. */
  static void configure(String format, String level) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("console") && !f.equals("json")) {
      throw new IllegalArgumentException("log format must be console or json, got " + format);
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another slf4j backend (tests may use one): leave it as configured
    }
    URL config = LogSetup.class.getResource("/logback.xml");
    if (config == null) {
      return;
    }
    context.reset();
    context.putProperty("MPCIUM_LOG_FORMAT", f);
    context.putProperty("MPCIUM_LOG_LEVEL", level);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("could not configure logging: " + e.getMessage(), e);
    }
  }

  /** The format from {@code MPCIUM_LOG_FORMAT}, else {@code fallback}. */
  static String formatFromEnvironment(String fallback) {
    String env = System.getenv("MPCIUM_LOG_FORMAT");
    return env == null || env.isBlank() ? fallback : env.strip();
  }
}
