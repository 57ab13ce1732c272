package io.nnlab.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where datasets live on this machine, in the one lookup order every nnlab loader uses:
 * <ol>
 *   <li>the system property {@code nnlab.data.dir}, if set and not blank;</li>
 *   <li>else the environment variable {@code NNLAB_DATA}, if set and not blank;</li>
 *   <li>else {@code ~/.nnlab/data}.</li>
 * </ol>
 * Each dataset has its own folder under that root ({@code mnist/}, ...). A relative path is
 * taken from the working directory — for Maven's test JVMs that is the module's folder, not the
 * project's — so give an absolute one.
 *
 * <p>Downloading is opt-in ({@code -Dnnlab.data.download=true}) so that a test run or an
 * experiment never reaches the network behind the researcher's back; {@code -Dnnlab.data.url}
 * replaces a dataset's default base URL (a mirror, or a server on loopback in tests).
 */
public final class DataLocation {
    public static final String PROPERTY = "nnlab.data.dir";
    public static final String ENV = "NNLAB_DATA";
    public static final String DOWNLOAD_PROPERTY = "nnlab.data.download";
    public static final String URL_PROPERTY = "nnlab.data.url";

    private final String property;
    private final String env;
    private final Path home;

    DataLocation(String property, String env, Path home) {
        this.property = blankToNull(property);
        this.env = blankToNull(env);
        this.home = home;
    }

    /** The location as this JVM's system properties and environment define it now. */
    public static DataLocation current() {
        return new DataLocation(System.getProperty(PROPERTY), System.getenv(ENV),
                Path.of(System.getProperty("user.home"), ".nnlab", "data"));
    }

    /** The data root: the first of property, environment variable, default that is set. */
    public Path root() {
        // Surefire passes an empty property when the build sets none, hence "not blank" above.
        if (property != null) return Path.of(property).toAbsolutePath().normalize();
        if (env != null) return Path.of(env).toAbsolutePath().normalize();
        return home.toAbsolutePath().normalize();
    }

    /** Whether neither the property nor the environment variable is set, so the default is used. */
    public boolean isDefault() {
        return property == null && env == null;
    }

    /** The folder of one dataset under the root. */
    public Path dataset(String name) {
        return root().resolve(name);
    }

    /** The three places, in order, with which one was set and which one is used — for error messages. */
    public String describe() {
        String used = "   <- used";
        StringBuilder sb = new StringBuilder();
        sb.append("  1. system property -D").append(PROPERTY).append(": ")
                .append(property == null ? "not set" : property + used).append('\n');
        sb.append("  2. environment variable ").append(ENV).append(": ")
                .append(env == null ? "not set" : env + (property == null ? used : "   (ignored: the property wins)"))
                .append('\n');
        sb.append("  3. default ").append(home);
        if (property == null && env == null) sb.append(used);
        return sb.toString();
    }

    /** Whether the researcher opted in to downloading missing datasets. */
    public static boolean downloadEnabled() {
        String v = System.getProperty(DOWNLOAD_PROPERTY, "");
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            default -> false;
        };
    }

    /** The base URL to download from: -Dnnlab.data.url if set, else the dataset's default. */
    public static String downloadUrl(String defaultUrl) {
        String v = blankToNull(System.getProperty(URL_PROPERTY));
        return v != null ? v : defaultUrl;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
