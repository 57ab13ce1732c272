package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DataLocationTest {
    private static final Path HOME = Path.of("/home/r/.nnlab/data");

    @Test
    void thePropertyWinsThenTheEnvironmentThenTheDefault() {
        assertEquals(Path.of("/p"), new DataLocation("/p", "/e", HOME).root());
        assertEquals(Path.of("/e"), new DataLocation(null, "/e", HOME).root());
        assertEquals(Path.of("/e"), new DataLocation("  ", "/e", HOME).root(), "a blank property is not set");
        assertEquals(HOME, new DataLocation("", "", HOME).root());
        assertEquals(Path.of("/e/mnist"), new DataLocation(null, "/e", HOME).dataset("mnist"));
        assertEquals(Path.of("rel").toAbsolutePath(), new DataLocation(null, "rel", HOME).root());
        assertTrue(new DataLocation(" ", null, HOME).isDefault());
        assertFalse(new DataLocation(null, "/e", HOME).isDefault());
    }

    @Test
    void describeSaysWhichWasSetAndWhichIsUsed() {
        String both = new DataLocation("/p", "/e", HOME).describe();
        assertTrue(both.contains("-Dnnlab.data.dir: /p   <- used"), both);
        assertTrue(both.contains("NNLAB_DATA: /e   (ignored: the property wins)"), both);
        String none = new DataLocation(null, null, HOME).describe();
        assertTrue(none.contains("-Dnnlab.data.dir: not set"), none);
        assertTrue(none.contains("NNLAB_DATA: not set"), none);
        assertTrue(none.contains("default " + HOME + "   <- used"), none);
    }

    @Test
    void downloadIsOptIn() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(DataLocation.DOWNLOAD_PROPERTY, null);
        props.put(DataLocation.URL_PROPERTY, null);
        TestSupport.withProperties(props, () -> {
            assertFalse(DataLocation.downloadEnabled());
            assertEquals("http://d/", DataLocation.downloadUrl("http://d/"));
            System.setProperty(DataLocation.DOWNLOAD_PROPERTY, "TRUE");
            System.setProperty(DataLocation.URL_PROPERTY, "http://127.0.0.1:9/m");
            assertTrue(DataLocation.downloadEnabled());
            assertEquals("http://127.0.0.1:9/m", DataLocation.downloadUrl("http://d/"));
        });
    }
}
