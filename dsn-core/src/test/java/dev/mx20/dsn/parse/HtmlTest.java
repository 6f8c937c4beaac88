package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Html#toText}: tags out, breaks in, style and script elements dropped whatever their case. */
class HtmlTest {

    @Test
    void tagsBecomeBreaksAndEntitiesAreDecoded() {
        assertEquals("\nDelivery failed\n<user@example.com>: 550 5.1.1 &",
                Html.toText("<p>Delivery failed<br>&lt;user@example.com&gt;: 550 5.1.1 &amp;"));
    }

    @Test
    void styleAndScriptElementsAreDroppedInAnyCase() {
        String text = Html.toText("<HTML><STYLE>p { color: red }</Style><p>550 5.1.1 user unknown"
                + "<SCRIPT>var x = '<b>';</SCRIPT></html>");
        assertFalse(text.contains("color"), text);
        assertFalse(text.contains("var x"), text);
        assertTrue(text.contains("550 5.1.1 user unknown"), text);
    }

    @Test
    void anUnclosedStyleDropsTheRestAndAnUnclosedTagEndsTheText() {
        assertEquals("before\n", Html.toText("before<p><style>never closed"));
        assertEquals("text", Html.toText("text<b"));
    }
}
