package vn.signdesk.api.config;

import java.nio.file.Path;

/**
 * What a parser may need besides the raw value: the directory that relative paths in the file are
 * resolved against (the file's own directory, or the working directory for the environment).
 *
 * @param baseDir the directory relative paths are resolved against
 */
public record ParseContext(Path baseDir) {

    /** Resolves a path against {@link #baseDir()}. */
    public Path resolve(String text) {
        return baseDir.resolve(text).toAbsolutePath().normalize();
    }
}
