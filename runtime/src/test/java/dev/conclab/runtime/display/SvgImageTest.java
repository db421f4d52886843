package dev.conclab.runtime.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgImageTest {
    private static final Pattern IMAGE = Pattern.compile("<img src=\"data:image/svg\\+xml;base64,([^\"]+)\" alt=\"([^\"]*)\">");

    @Test
    void theHtmlIsAnImageOfTheSameDrawingWithItsTextAsAlt() {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>é &amp; ü</text></svg>";
        MimeBundle bundle = SvgImage.bundle(svg, "a <chart> of \"A & B\"");
        assertEquals(svg, bundle.data().get("image/svg+xml"));
        assertEquals("a <chart> of \"A & B\"", bundle.data().get("text/plain"));
        Matcher image = IMAGE.matcher(bundle.data().get("text/html"));
        assertTrue(image.matches(), bundle.data().get("text/html"));
        assertEquals(svg, new String(Base64.getDecoder().decode(image.group(1)), StandardCharsets.UTF_8));
        assertEquals("a &lt;chart&gt; of &quot;A &amp; B&quot;", image.group(2));
    }

    @Test
    void anSvgWithoutItsNamespaceGetsIt() {
        // Without the namespace a browser shows a broken image instead of the drawing.
        Matcher image = IMAGE.matcher(Display.svg("<svg width=\"4\" height=\"4\"><rect width=\"4\" height=\"4\"/></svg>").data().get("text/html"));
        assertTrue(image.matches());
        assertEquals("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><rect width=\"4\" height=\"4\"/></svg>",
                new String(Base64.getDecoder().decode(image.group(1)), StandardCharsets.UTF_8));
    }
}
