"""What the benchmarks share: a kernel that is always shut down, and running one cell in it."""
import contextlib

from jupyter_client.manager import start_new_kernel


@contextlib.contextmanager
def kernel(name, startup_timeout=120):
    """Starts kernel `name` and yields its client; shuts the kernel down however the block ends."""
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=startup_timeout)
    try:
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run(kc, code):
    """Runs `code` in the kernel of client `kc`; returns what it printed, raises what it threw."""
    texts = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            texts.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            raise RuntimeError("\n".join(msg["content"]["traceback"]))

    kc.execute_interactive(code, timeout=600, allow_stdin=False, output_hook=hook)
    return "".join(texts)
