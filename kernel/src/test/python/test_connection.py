"""jupyter_client reaches the kernel over ipc, Unix domain socket files, as well as over tcp."""
from jupyter_client.manager import KernelManager


def test_a_cell_runs_over_the_ipc_transport(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    manager = KernelManager(kernel_name="conclab-java", transport="ipc")
    manager.start_kernel()
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=120)
        shown = []
        reply = client.execute_interactive('System.out.println("over ipc: " + (6 * 7));',
                                           output_hook=shown.append, timeout=60)
        assert reply["content"]["status"] == "ok"
        printed = "".join(m["content"].get("text", "") for m in shown if m["msg_type"] == "stream")
        assert printed == "over ipc: 42\n"
        assert client.is_alive() and manager.is_alive()
    finally:
        client.stop_channels()
        manager.shutdown_kernel()
