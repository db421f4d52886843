package dev.conclab.runtime.display;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An SVG drawing as an HTML {@code <img>} whose source is a {@code data:} URI: the one way every chart,
 * timeline and histogram goes into HTML.
 *
 * <p>Why not the {@code <svg>} itself, or the {@code image/svg+xml} output alone: JupyterLab trusts only
 * the outputs this user ran. A notebook opened as stored (a provided notebook, one from a classmate) is
 * untrusted, and then JupyterLab drops {@code <svg>} from sanitized HTML (its text stays, as loose
 * words) and does not render an {@code image/svg+xml} output at all (it shows the plain text). Its
 * sanitizer keeps {@code <img>} with a {@code data:} source, trusted or not, and so does every other
 * front end that shows HTML (nbconvert, VS Code, GitHub).
 */
public final class SvgImage {
    private static final String XMLNS = "xmlns=\"http://www.w3.org/2000/svg\"";

    private SvgImage() {}

    /** The drawing as an {@code <img>}; {@code alt} is what screen readers and text-only views say. */
    public static String html(String svg, String alt) {
        // A browser draws an SVG loaded as an image only if it names the SVG namespace; hand-written ones often do not.
        String document = svg.contains(XMLNS) ? svg : svg.replaceFirst("<svg\\b", "<svg " + XMLNS);
        return "<img src=\"data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8))
                + "\" alt=\"" + escape(alt) + "\">";
    }

    /**
     * The drawing as an output: the SVG (for tools that read it), the same as an HTML {@code <img>}
     * (what front ends show, trusted or not), and {@code plainText} for text-only front ends.
     */
    public static MimeBundle bundle(String svg, String plainText) {
        return MimeBundle.of("image/svg+xml", svg, plainText).with("text/html", html(svg, plainText));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
