"""jupyter_kernel_test's conformance suite against the installed conclab-java kernel.

Every sample is set, so no test of the suite is skipped. The kernelspec is found through
JUPYTER_PATH, which the JUnit test that runs this file points at a fresh install.
"""
import unittest

import jupyter_kernel_test


class ConcurrencyLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "conclab-java"
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    completion_samples = [
        {"text": "System.out.printl", "matches": {"println"}},
        {"text": "Integer.MAX_"},
    ]
    complete_code_samples = ["int x = 1;", "System.out.println(1);", "void f() { }"]
    incomplete_code_samples = ["void f() {", "for (int i = 0; i < 3; i++) {"]
    invalid_code_samples = ["}", "int x = ;"]

    code_page_something = "String.format?"
    code_generate_error = 'throw new RuntimeException("boom");'
    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"a" + "b"', "result": '"ab"'},
        {"code": "java.util.List.of(1, 2)", "result": "[1, 2]"},
    ]
    code_display_data = [
        {"code": 'display(html("<b>hi</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("# hi"));', "mime": "text/markdown"},
    ]
    code_history_pattern = "6*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "String.format"
    code_clear_output = "clearOutput();"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The executor JVM warms javac up after the kernel answers kernel_info; wait for it once.
        reply = cls.kc.execute_interactive("1", timeout=120, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok", reply


class ConcurrencyLabIopubWelcomeTests(jupyter_kernel_test.IopubWelcomeTests):
    kernel_name = "conclab-java"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
