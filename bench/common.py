"""What the benchmarks share: running one cell in a kernel and collecting what it printed."""


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
