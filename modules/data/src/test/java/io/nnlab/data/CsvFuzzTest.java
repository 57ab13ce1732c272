package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Tag;

/**
 * Any text either reads as a CSV table or fails with a CorruptDataException; a table that reads
 * writes back to text that reads to the same header and the same bits. Saved crashes and seeds
 * live in src/test/resources/io/nnlab/data/CsvFuzzTestInputs/read/.
 */
@Tag("slow")
class CsvFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void read(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        for (DType dtype : DType.values()) {
            for (boolean header : new boolean[] {true, false}) {
                Csv csv;
                try {
                    csv = Csv.parse(text, "fuzz input", header, dtype);
                } catch (CorruptDataException expected) {
                    continue;
                }
                roundTrip(csv, dtype, header);
            }
        }
        try {
            Csv csv = Csv.parse(text, "fuzz input", true, DType.FLOAT64, 0);
            assertEquals(csv.rows(), csv.text(0).size());
        } catch (CorruptDataException expected) {
            // fine
        }
    }

    private static void roundTrip(Csv csv, DType dtype, boolean header) throws Exception {
        Tensor values = csv.numbers();
        if (values.dim(1) == 0) return;
        StringWriter out = new StringWriter();
        Csv.write(out, csv.header(), values);
        Csv back = Csv.parse(out.toString(), "written", header, dtype);
        assertEquals(csv.header(), back.header(), out::toString);
        assertTrue(values.bitEquals(back.numbers()), out::toString);
    }
}
