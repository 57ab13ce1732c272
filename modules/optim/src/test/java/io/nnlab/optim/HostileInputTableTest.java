package io.nnlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/hostile-input.md backs every row with tests by name; each named test must exist, so that a
 * rename or a removal cannot leave a row that nothing checks. (This module comes last in the build,
 * so it sees every module's tests.)
 */
class HostileInputTableTest {

    @Test
    void everyTestTheTableNamesExists() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent().getParent();
        String table = Files.readString(root.resolve("docs/hostile-input.md"));
        Map<String, String> sources = new HashMap<>();
        try (Stream<Path> files = Files.walk(root.resolve("modules"))) {
            for (Path f : files.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java"))
                    .toList()) {
                sources.put(f.getFileName().toString().replace(".java", ""), Files.readString(f));
            }
        }
        Matcher m = Pattern.compile("`([A-Z]\\w*Test)\\.(\\w+)`").matcher(table);
        List<String> missing = new ArrayList<>();
        int named = 0;
        while (m.find()) {
            named++;
            String source = sources.get(m.group(1));
            if (source == null || !source.contains("void " + m.group(2) + "(")) missing.add(m.group());
        }
        assertTrue(named > 50, "the table names " + named + " tests");
        assertEquals(List.of(), missing, "tests the table names but no module has");
    }
}
