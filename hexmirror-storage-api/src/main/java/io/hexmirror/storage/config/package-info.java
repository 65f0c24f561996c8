/**
 * Helpers for storage providers' configuration: {@link io.hexmirror.storage.config.ProviderOptions}
 * (checked option names, typed values, masked secrets) and the one grammar of sizes
 * ({@link io.hexmirror.storage.config.Sizes}) and durations ({@link io.hexmirror.storage.config.Durations})
 * that the command line uses too.
 */
package io.hexmirror.storage.config;
