package io.nnlab.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example is one README command, the same one its javadoc gives, and every such command names an example. */
class ReadmeCommandsTest {
    private static final String COMMAND = "./mvnw -pl examples compile exec:exec -Dexample=";
    private static final Path SOURCES = Path.of("src/main/java/io/nnlab/examples");

    @Test
    void theReadmeRunsEachExampleByTheCommandItsJavadocGives() throws IOException {
        Set<String> examples = new TreeSet<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.toList()) {
                String source = Files.readString(f);
                if (!source.contains("public static void main(String[] args)")) continue;
                String name = f.getFileName().toString().replace(".java", "");
                examples.add(name);
                assertTrue(source.contains("<pre>" + COMMAND + name + "</pre>"), name + "'s javadoc gives its command");
            }
        }
        Set<String> inReadme = new TreeSet<>();
        Matcher m = Pattern.compile(Pattern.quote(COMMAND) + "(\\w+)").matcher(Files.readString(Path.of("../README.md")));
        while (m.find()) inReadme.add(m.group(1));
        assertEquals(Set.of("CustomActivation", "CustomLayer", "IrisMlp", "MnistMlp"), examples);
        assertEquals(examples, inReadme, "the examples the README runs");
    }
}
