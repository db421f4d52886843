"""jupyter console, in a pseudo-terminal as a person uses it: a method typed over several lines
continues at the kernel's indent until its brace closes (is_complete), then runs."""
import os
import pty
import re
import select
import signal
import sys
import time

ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[a-zA-Z]")


class Console:
    def __init__(self):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvp(sys.executable, [sys.executable, "-m", "jupyter", "console", "--kernel=conclab-java",
                                        "--ZMQTerminalIPythonApp.confirm_exit=False"])
        self.seen = b""

    def text(self):
        return ESCAPES.sub(b"", self.seen).decode(errors="replace")

    def wait_for(self, pattern, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if select.select([self.fd], [], [], 0.2)[0]:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:
                    break
            if re.search(pattern, self.text()):
                return True
        return False

    def type_line(self, line, then):
        os.write(self.fd, line.encode() + b"\r")
        assert self.wait_for(then, 30), f"after {line!r} waited for {then!r}:\n{self.text()}"

    def close(self):
        os.write(self.fd, b"\x04")  # Ctrl-D, as a person leaves the console
        deadline = time.monotonic() + 30
        while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                raise AssertionError("jupyter console did not exit:\n" + self.text())
            self.wait_for(r"$^", 0.2)


def test_jupyter_console_continues_a_method_over_lines_and_runs_it():
    console = Console()
    try:
        assert console.wait_for(r"In \[1\]", 120), console.text()
        console.type_line("void greet() {", r"\.\.\.:\s*$")
        console.type_line('System.out.println("hello from " + "the console");', r"\.\.\.:\s*$")
        console.type_line("}", r"\}")
        os.write(console.fd, b"\r")
        assert console.wait_for(r"In \[2\]", 30), console.text()
        console.type_line("greet();", r"hello from the console")
        assert console.wait_for(r"In \[3\]", 30), console.text()
        assert "error" not in console.text().lower(), console.text()
    finally:
        console.close()
