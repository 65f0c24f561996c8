package io.hexmirror.cli;

import java.util.Arrays;

/**
 * Sets up slf4j-simple before the first logger exists: messages to standard error, INFO by default,
 * DEBUG with {@code --verbose}, warnings only with {@code --quiet}.
 */
final class Logging {
    private Logging() {
    }

    static void configureFrom(String[] args) {
        String level = Arrays.asList(args).contains("--verbose") ? "debug"
                : Arrays.asList(args).contains("--quiet") ? "warn" : "info";
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", level);
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showLogName", "false");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ssX");
        setDefault("org.slf4j.simpleLogger.log.org.apache.hc", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
