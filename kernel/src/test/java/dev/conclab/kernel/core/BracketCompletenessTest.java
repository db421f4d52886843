package dev.conclab.kernel.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BracketCompletenessTest {

    private static String status(String code) {
        return BracketCompleteness.of(code).status();
    }

    @Test
    void openBracketsCommentsAndTextBlocksAreIncomplete() {
        assertEquals("incomplete", status("void f() {"));
        assertEquals("incomplete", status("foo(1,\n  2"));
        assertEquals("incomplete", status("/* a comment"));
        assertEquals("incomplete", status("var s = \"\"\"\n  text"));
        assertEquals("        ", BracketCompleteness.of("class A {\n void f() {").indent());
    }

    @Test
    void balancedCodeIsCompleteWhateverItsStringsAndCommentsHold() {
        assertEquals("complete", status("int x = 6;"));
        assertEquals("complete", status("x * 7"));
        assertEquals("complete", status("System.out.println(\"{ ( [\"); // }"));
        assertEquals("complete", status("char c = '}';\n/* { */"));
        assertEquals("complete", status("void f() {\n  System.out.println(\"\\\"}\");\n}"));
    }

    @Test
    void strayClosersAndUnclosedStringsAreInvalid() {
        assertEquals("invalid", status("}"));
        assertEquals("invalid", status("foo(]"));
        assertEquals("invalid", status("String s = \"open\nx"));
    }
}
