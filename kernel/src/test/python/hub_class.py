"""A class on a real JupyterHub, shared by test_hub.py and bench/hub_bench.py.

Hub starts JupyterHub from PyPI behind its configurable-http-proxy (npm, kernel/src/test/hub),
with the dummy authenticator and SimpleLocalProcessSpawner: every student's single-user server runs
as the hub's own OS user, each in its own home. Real OS users (LocalProcessSpawner) would need root
and would add accounts to a shared machine; what is under test is the kernel under many users at
once, which does not depend on whose uid the JVMs run as. The kernel is installed by install.sh into
the hub's environment (a venv layered over this interpreter's packages), found there as a hub's
users would find it. Student does what JupyterLab does for a person: log in, start the server, open
the notebook through /api/contents, start its kernel through /api/sessions, run every cell over the
kernel websocket, and save."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
import venv
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import requests
import websocket

REPO = Path(__file__).resolve().parents[4]
PROXY = REPO / "kernel" / "src" / "test" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
NOTEBOOK = "01-threads-for-io-bound-work.ipynb"
PASSWORD = "any password will do"  # the dummy authenticator takes any


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, condition, seconds, failure=lambda: ""):
    """Waits for condition() to hold, checking often, and fails with what was awaited."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {seconds} s. {failure()}")
        time.sleep(0.1)


class Hub:
    """JupyterHub in root/, listening on 127.0.0.1 only; stop() ends it and reports what is left."""

    def __init__(self, root: Path, notebooks=(REPO / "notebooks" / NOTEBOOK,)):
        self.root, self.notebooks = root, notebooks
        self.env = root / "hub-env"
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = None
        self.log_path = root / "jupyterhub.log"

    def install_kernel(self):
        """The hub's environment with the kernel in it, as `install.sh --prefix <env>` puts it."""
        venv.create(self.env, with_pip=False)
        purelib = subprocess.check_output([self.env / "bin" / "python", "-c",
                                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip()
        # Every package directory this interpreter sees, its own and those its .pth files layer in.
        packages = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
        Path(purelib, "hub-packages.pth").write_text("\n".join(packages) + "\n")
        install = subprocess.run(["bash", str(REPO / "install.sh"), "--no-build", "--prefix", str(self.env)],
                                 cwd=REPO, capture_output=True, text=True, timeout=300)
        assert install.returncode == 0, install.stdout + install.stderr

    def start(self):
        if not PROXY.exists():
            raise RuntimeError(f"{PROXY} is missing: run ./test.sh, or npm ci --prefix {PROXY.parents[2]}")
        self.install_kernel()
        config = self.root / "jupyterhub_config.py"
        config.write_text(self.config())
        log = open(self.log_path, "w")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "JUPYTER"))}
        self.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.root,
                                        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

        def up():
            if self.process.poll() is not None:
                raise RuntimeError("JupyterHub exited:\n" + self.log())
            try:
                return requests.get(f"{self.url}/hub/api/", timeout=2).ok
            except requests.ConnectionError:
                return False
        try:
            wait_until("JupyterHub answering", up, 120, self.log)
        except BaseException:
            self.stop()  # whatever it started before failing goes with it
            raise

    def home(self, name):
        """A student's home with the class notebooks in it, as a teacher hands them out."""
        home = self.root / "home" / name
        if not home.exists():
            home.mkdir(parents=True)
            for notebook in self.notebooks:
                shutil.copy(notebook, home)
        return home

    def config(self):
        python = self.env / "bin" / "python"
        as_root = ["--allow-root"] if os.geteuid() == 0 else []
        return f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {int(self.url.rsplit(":", 1)[1])}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.JupyterHub.db_url = "sqlite:///{self.root / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(self.root / 'cookie_secret')!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.root / 'home' / '{username}')!r}
# The single-user server from the hub's environment, where install.sh put the kernel.
c.Spawner.cmd = [{str(python)!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {as_root!r}
c.Spawner.ip = "127.0.0.1"
# Twenty servers starting at once on two busy cores: generous bounds, never the pass criterion.
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.concurrent_spawn_limit = 0
"""

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def processes(self):
        """Every process under the hub: proxy, single-user servers, kernels, executors."""
        return descendants(self.process.pid)

    def stop(self, seconds=180):
        """Stops the hub as an administrator does (SIGTERM) and returns the processes that outlive it."""
        tree = self.processes()
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            pass
        try:
            wait_until("every process under the hub ending", lambda: not alive(tree), seconds)
        except TimeoutError:
            pass
        left = alive(tree)
        for process in left:
            os.kill(process.pid, signal.SIGKILL)
        if self.process.poll() is None:  # the hub itself did not stop: that is left over too
            left.append(Proc(self.process.pid, "", "jupyterhub"))
            self.process.kill()
            self.process.wait()
        return left


@dataclass(frozen=True)
class Proc:
    pid: int
    started: str  # /proc/<pid>/stat field 22: tells a reused pid from the process we saw
    command: str


def stat(pid):
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields  # fields[0] state, fields[1] ppid, fields[19] start time


def descendants(root):
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := stat(entry.name)):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        for child in children.get(queue.pop(), []):
            fields = stat(child)
            if fields:
                try:
                    command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    command = "?"
                found.append(Proc(child, fields[19], command))
                queue.append(child)
    return found


def alive(processes):
    left = []
    for process in processes:
        fields = stat(process.pid)
        if fields and fields[19] == process.started and fields[0] != "Z":
            left.append(process)
    return left


def pss_kb(pid):
    """Proportional set size: a shared page counts once across the processes sharing it."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Run:
    """What one student saw: each code cell's reply status and outputs, in nbformat's shape."""
    name: str
    cells: list = field(default_factory=list)
    replies: list = field(default_factory=list)
    started: float = 0.0
    first_result: float = 0.0
    logged_in: float = 0.0
    kernel_id: str = ""


class Student:
    def __init__(self, hub: Hub, name: str, timeout=600):
        self.hub, self.name, self.timeout = hub, name, timeout
        self.http = requests.Session()
        self.server = f"{hub.url}/user/{name}"

    def log_in(self):
        """The hub's login form, then the spawn button, then the wait on the progress events."""
        self.hub.home(self.name)
        login = f"{self.hub.url}/hub/login"
        self.http.get(login, timeout=60).raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        reply = self.http.post(login, data={"username": self.name, "password": PASSWORD, "_xsrf": xsrf},
                               allow_redirects=False, timeout=60)
        assert reply.status_code == 302, f"{self.name}: login answered {reply.status_code}: {reply.text[:500]}"
        api = f"{self.hub.url}/hub/api/users/{self.name}/server"
        # Logging in binds a new xsrf token to the user's session, as the next page would show it.
        headers = {"X-XSRFToken": self.http.cookies.get("_xsrf", path="/hub/")}
        spawn = self.http.post(api, headers=headers, timeout=self.timeout)
        assert spawn.status_code in (201, 202), f"{self.name}: spawn answered {spawn.status_code}: {spawn.text}"
        if spawn.status_code == 202:
            with self.http.get(f"{api}/progress", headers=headers, stream=True, timeout=self.timeout) as events:
                for line in events.iter_lines(decode_unicode=True):
                    if line.startswith("data:"):
                        event = json.loads(line[5:])
                        if event.get("failed"):
                            raise AssertionError(f"{self.name}: the server failed to start: {event}")
                        if event.get("ready"):
                            break
        # The browser's first visit: the single-user server sends it through the hub's OAuth and back.
        # (The API answers 403 to a request without the cookie; a page such as the notebook's file
        # redirects, as a browser needs. JupyterLab's page is not served from the layered hub-env.)
        opened = self.hub.notebooks[0].name
        self.http.get(f"{self.server}/files/{opened}", timeout=self.timeout).raise_for_status()
        assert self.http.cookies.get(f"jupyterhub-user-{self.name}"), f"{self.name}: the hub's OAuth gave no cookie"


    def api(self, method, path, **kwargs):
        xsrf = self.http.cookies.get("_xsrf", path=f"/user/{self.name}/") or ""
        reply = self.http.request(method, f"{self.server}/api/{path}", headers={"X-XSRFToken": xsrf},
                                  timeout=self.timeout, **kwargs)
        assert reply.ok, f"{self.name}: {method} /api/{path} answered {reply.status_code}: {reply.text[:500]}"
        return reply.json() if reply.content else None

    def run_notebook(self, path=NOTEBOOK):
        """Opens the notebook, starts its kernel and runs it top to bottom, as Run All does."""
        run = Run(self.name)
        model = self.api("GET", f"contents/{path}?content=1&type=notebook")
        notebook = nbformat.from_dict(model["content"])
        run.started = time.monotonic()
        session = self.api("POST", "sessions", json={
            "path": path, "name": path, "type": "notebook",
            "kernel": {"name": notebook.metadata["kernelspec"]["name"]}})
        run.kernel_id = session["kernel"]["id"]
        channels = (f"{self.server.replace('http', 'ws', 1)}/api/kernels/{run.kernel_id}/channels"
                    f"?session_id={uuid.uuid4()}")
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        ws = websocket.create_connection(channels, cookie=cookies, timeout=self.timeout)
        try:
            self.request(ws, "kernel_info_request", {})
            for cell in notebook.cells:
                if cell.cell_type != "code":
                    continue
                reply, outputs = self.request(ws, "execute_request", {
                    "code": cell.source, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
                if not run.first_result:
                    run.first_result = time.monotonic()
                cell.outputs = outputs
                run.cells.append(cell)
                run.replies.append(reply["content"])
        finally:
            ws.close()
        self.api("PUT", f"contents/{path}", json={"type": "notebook", "format": "json", "content": notebook})
        return run

    def request(self, ws, kind, content):
        """Sends a shell request; returns its reply and the outputs it caused, once the kernel is idle."""
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({"channel": "shell", "header": {
            "msg_id": msg_id, "msg_type": kind, "username": self.name, "session": msg_id,
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "buffers": []}))
        reply, idle, outputs = None, False, []
        while reply is None or not idle:
            message = json.loads(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if message["channel"] == "shell":
                reply = message
            elif kind == "status":
                idle = message["content"]["execution_state"] == "idle"
            elif kind == "stream":
                outputs.append(nbformat.v4.new_output("stream", name=message["content"]["name"],
                                                      text=message["content"]["text"]))
            elif kind in ("display_data", "execute_result"):
                outputs.append(nbformat.v4.new_output(kind, data=message["content"]["data"],
                                                      execution_count=message["content"].get("execution_count"))
                               if kind == "execute_result" else
                               nbformat.v4.new_output(kind, data=message["content"]["data"]))
            elif kind == "error":
                outputs.append(nbformat.v4.new_output("error", ename=message["content"]["ename"],
                                                      evalue=message["content"]["evalue"],
                                                      traceback=message["content"]["traceback"]))
        return reply, outputs
