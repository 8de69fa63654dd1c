package io.topowatch.stream;

/** Store keys whose string order is numeric order: fixed-width, zero-padded (String.format is too slow per record). */
final class StoreKeys {

    private StoreKeys() {}

    /** {@code digits} left-padded with zeros to {@code width}; unchanged when already as wide. */
    static String zeroPadded(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
