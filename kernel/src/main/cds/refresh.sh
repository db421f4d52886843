#!/usr/bin/env bash
# Regenerates kernel-classes.txt: the classes the kernel JVM loads while it starts, answers
# kernel_info, runs a cell and completes. install.sh turns the list into a class-data archive
# (AppCDS) so that the kernel starts faster. Run after ./test.sh (it uses .venv-test).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kernels/conclab-classlist"
cat > "$work/kernels/conclab-classlist/kernel.json" <<JSON
{"argv": ["java", "-XX:DumpLoadedClassList=$work/classes.txt", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", "$repo/kernel/target/conclab-kernel.jar:$repo/kernel/target/lib/*",
          "dev.conclab.kernel.KernelMain", "{connection_file}"],
 "display_name": "conclab class list", "language": "java", "interrupt_mode": "message"}
JSON
JUPYTER_PATH="$work" "$repo/.venv-test/bin/python" - <<'PY'
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="conclab-classlist")
kc.execute_interactive("System.out.println(1);\n1+1", timeout=120)
kc.complete("Sys", 3)
kc.get_shell_msg(timeout=60)
kc.stop_channels()
km.shutdown_kernel()
PY
cp "$work/classes.txt" "$repo/kernel/src/main/cds/kernel-classes.txt"
echo "updated kernel/src/main/cds/kernel-classes.txt"
