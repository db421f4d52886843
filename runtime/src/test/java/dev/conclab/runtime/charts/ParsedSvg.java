package dev.conclab.runtime.charts;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** An SVG parsed by the JDK's XML parser, which throws on anything that is not well-formed XML. */
record ParsedSvg(Document document) {

    static ParsedSvg parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        Document document = builder.parse(new InputSource(new StringReader(svg)));
        Element root = document.getDocumentElement();
        if (!"svg".equals(root.getLocalName()) || !"http://www.w3.org/2000/svg".equals(root.getNamespaceURI())) {
            throw new AssertionError("not an SVG root element: " + root.getTagName());
        }
        return new ParsedSvg(document);
    }

    /** The elements of that tag and class, in document order. */
    List<Element> elements(String tag, String cssClass) {
        NodeList nodes = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (element.getAttribute("class").equals(cssClass)) {
                found.add(element);
            }
        }
        return found;
    }

    /** The text of the {@code <text>} elements of that class; for elements with a tooltip, their {@code <title>}. */
    List<String> texts(String tag, String cssClass) {
        return elements(tag, cssClass).stream().map(Element::getTextContent).toList();
    }
}
