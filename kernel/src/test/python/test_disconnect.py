"""A client that goes away mid-cell, as when a laptop lid closes: the kernel keeps running the
cell, keeps serving the other clients, and the client that comes back finds its answer.

Client A is a real jupyter_client in a process of its own. Frozen with SIGSTOP it keeps its TCP
connections open but reads nothing, which is what the kernel sees of a suspended laptop; killed
with SIGKILL its connections close, which is what the kernel sees when a client dies or the
network drops it. Client B is the test itself, connected to the same kernel all along.
"""
import json
import os
import queue
import signal
import subprocess
import sys
import time

import pytest
import zmq
from jupyter_client.manager import KernelManager

# Client A: runs one cell, prints its msg_id at once, then (when it may run again) the status of
# its reply and how many rows of output reached it.
CLIENT_A = r"""
import json, sys
from jupyter_client import BlockingKernelClient
kc = BlockingKernelClient()
kc.load_connection_file(sys.argv[1])
kc.start_channels()
kc.wait_for_ready(timeout=60)
msg_id = kc.execute(sys.argv[2])
print(msg_id, flush=True)
while True:
    reply = kc.get_shell_msg(timeout=300)
    if reply["parent_header"].get("msg_id") == msg_id:
        break
rows, idle = 0, False
while not idle:
    msg = kc.get_iopub_msg(timeout=30)
    if msg["parent_header"].get("msg_id") == msg_id:
        rows += msg["content"].get("text", "").count("row ") if msg["msg_type"] == "stream" else 0
        idle = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
print(json.dumps({"status": reply["content"]["status"], "rows": rows}), flush=True)
kc.stop_channels()
"""

BOUND = 60  # seconds: a wait on an event that should come within a few


@pytest.fixture
def kernel():
    manager = KernelManager(kernel_name="conclab-java")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    yield manager, client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def start_client_a(manager, code):
    a = subprocess.Popen([sys.executable, "-c", CLIENT_A, manager.connection_file, code],
                         stdout=subprocess.PIPE, text=True)
    msg_id = a.stdout.readline().strip()
    assert msg_id, "client A did not send its cell"
    return a, msg_id


def iopub_of(client, msg_id, until):
    """B's iopub messages caused by msg_id, up to the one `until` accepts, each within BOUND."""
    seen = []
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        msg = client.get_iopub_msg(timeout=BOUND)
        if msg["parent_header"].get("msg_id") == msg_id:
            seen.append(msg)
            if until(msg):
                return seen
    raise AssertionError(f"no end after {BOUND} s; saw {[m['msg_type'] for m in seen]}")


def java_gate(path):
    """Java that waits until the test creates `path` (at most BOUND s): the cell is still running
    when the test acts on client A, however slow the machine, and goes on once the test has."""
    return (f'var gate = java.nio.file.Path.of("{path}");\n'
            f'long until = System.nanoTime() + {BOUND}_000_000_000L;\n'
            'while (!java.nio.file.Files.exists(gate) && System.nanoTime() < until) { Thread.sleep(20); }\n')


def is_idle(msg):
    return msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"


def ping_heartbeat(manager):
    """One heartbeat round trip; its time in seconds, or None without an answer within 1 s."""
    socket = zmq.Context.instance().socket(zmq.REQ)
    socket.linger = 0
    socket.connect(f"{manager.transport}://{manager.ip}:{manager.hb_port}")
    try:
        began = time.monotonic()
        socket.send(b"ping")
        return time.monotonic() - began if socket.poll(1000) and socket.recv() == b"ping" else None
    finally:
        socket.close()


def test_a_frozen_client_holds_nobody_up_and_gets_its_reply_when_it_wakes(kernel, tmp_path):
    manager, b = kernel
    # About 3 MB of output over 3 s, more than a suspended reader takes in; the second half only
    # once A is frozen.
    gate = tmp_path / "frozen"
    rows = ('for (int i = {0}; i < {1}; i++) {{ for (int j = 0; j < 1000; j++) System.out.println("row " + i + " " + j + " '
            + "x" * 80 + '"); Thread.sleep(100); }}\n')
    flood = rows.format(0, 15) + java_gate(gate) + rows.format(15, 30) + 'int afterFlood = 42;'
    a, msg_id = start_client_a(manager, flood)
    # Freeze A once the kernel is busy with its cell: ZeroMQ sends from a thread of its own, and
    # a client frozen at once might not have sent the request yet.
    seen = iopub_of(b, msg_id, until=lambda m: m["msg_type"] == "stream")
    os.kill(a.pid, signal.SIGSTOP)
    gate.touch()
    try:
        # While A sleeps, B follows A's cell to its end and pings the heartbeat between messages.
        pings = []
        deadline = time.monotonic() + BOUND
        while not any(is_idle(m) for m in seen) and time.monotonic() < deadline:
            try:
                msg = b.get_iopub_msg(timeout=0.2)
                if msg["parent_header"].get("msg_id") == msg_id:
                    seen.append(msg)
            except queue.Empty:
                pass
            pings.append(ping_heartbeat(manager))
        assert any(is_idle(m) for m in seen), (
            f"A's cell did not end while A was frozen: {len(pings)} pings, B saw {[m['msg_type'] for m in seen][:20]}...")
        assert None not in pings, f"heartbeat unanswered within 1 s while A was frozen: {pings}"
        rows = sum(m["content"]["text"].count("row ") for m in seen if m["msg_type"] == "stream")
        assert rows > 0, "B saw none of the cell's output"
        assert b.execute_interactive("afterFlood", timeout=BOUND, output_hook=lambda m: None)["content"]["status"] == "ok"
    finally:
        os.kill(a.pid, signal.SIGCONT)
    out, _ = a.communicate(timeout=BOUND)
    woken = json.loads(out.strip().splitlines()[-1])
    assert woken["status"] == "ok", out
    # What the kernel published while A slept waited for A: it saw every row B saw.
    assert woken["rows"] == rows, f"A saw {woken['rows']} rows, B {rows}"


def test_a_client_that_vanishes_mid_cell_leaves_the_cell_running_and_its_output_flowing(kernel, tmp_path):
    manager, b = kernel
    gate = tmp_path / "vanished"
    ticks = 'for (int i = {0}; i < {1}; i++) {{ System.out.println("tick " + i); Thread.sleep(50); }}\n'
    cell = ticks.format(0, 20) + java_gate(gate) + ticks.format(20, 40) + 'int afterTicks = 42;'
    a, msg_id = start_client_a(manager, cell)
    iopub_of(b, msg_id, until=lambda m: m["msg_type"] == "stream")
    a.kill()
    a.wait(timeout=BOUND)
    # Only now does the cell write its second half: into a kernel whose client A is gone.
    gate.touch()
    seen = iopub_of(b, msg_id, until=is_idle)
    text = "".join(m["content"]["text"] for m in seen if m["msg_type"] == "stream")
    assert "tick 39\n" in text, text
    result = []
    reply = b.execute_interactive("afterTicks", timeout=BOUND,
                                  output_hook=lambda m: result.append(m) if m["msg_type"] == "execute_result" else None)
    assert reply["content"]["status"] == "ok"
    assert result and result[0]["content"]["data"]["text/plain"] == "42"
