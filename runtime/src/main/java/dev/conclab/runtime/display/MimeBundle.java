package dev.conclab.runtime.display;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One output in several representations, keyed by MIME type; the front end shows the richest one
 * it can render.
 *
 * <p>Values are text. For JSON types ({@code application/json} and {@code +json}) the value is the
 * JSON document itself; for images it is base64, as the Jupyter protocol wants.
 */
public record MimeBundle(Map<String, String> data) {

    public MimeBundle {
        data = Map.copyOf(data);
    }

    /** A bundle with one representation plus a plain-text fallback for clients that show only text. */
    public static MimeBundle of(String mimeType, String value, String plainText) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(mimeType, value);
        data.putIfAbsent("text/plain", plainText);
        return new MimeBundle(data);
    }

    /** A bundle holding only text. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of("text/plain", text));
    }

    /** A PNG image; the bytes are base64-encoded here. */
    public static MimeBundle png(byte[] png) {
        return of("image/png", Base64.getEncoder().encodeToString(png), "<PNG image, " + png.length + " bytes>");
    }

    /** This bundle with one more representation. */
    public MimeBundle with(String mimeType, String value) {
        Map<String, String> more = new LinkedHashMap<>(data);
        more.put(mimeType, value);
        return new MimeBundle(more);
    }
}
