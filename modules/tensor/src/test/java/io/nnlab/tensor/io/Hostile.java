package io.nnlab.tensor.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds safetensors bytes by hand, so a test can make them lie. */
final class Hostile {
    private Hostile() {}

    /** An 8-byte length for the header as given, the header, then the data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, data);
    }

    /** A header length that need not be the header's. */
    static byte[] file(long claimedLength, byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(claimedLength).put(header).put(data).array();
    }

    /** The file read, or null where it is refused as it should be, with a SafetensorsFormatException. */
    static Safetensors readOrNull(byte[] bytes, String source) {
        try {
            return Safetensors.read(bytes, source);
        } catch (SafetensorsFormatException refused) {
            return null;
        }
    }

    /** One tensor's header entry. */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }
}
