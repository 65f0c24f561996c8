/**
 * The {@code hexmirror} command: picocli subcommands that turn options into
 * {@link io.hexmirror.MirrorOptions}, call {@link io.hexmirror.HexMirror} and print what it did. No mirroring
 * logic lives here; what the command line adds is option parsing, progress display, the hints that name
 * options ({@code --break-lock}, {@code --full}) and the documented exit codes ({@link io.hexmirror.cli.ExitCodes}).
 * Only the exit codes are public; the command classes are not an API.
 */
package io.hexmirror.cli;
