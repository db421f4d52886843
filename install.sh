#!/usr/bin/env bash
# Builds the Concurrency Lab kernel and installs its two kernelspecs: "conclab-java", and
# "conclab-java-debug", the same kernel with JupyterLab's debugger switched on.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="conclab-java"
debug_name="conclab-java-debug"

usage() {
  cat <<USAGE
usage: ./install.sh [--user | --prefix DIR | --sys-prefix] [--uninstall] [--no-build] [--lab]

  --user        install for this user (default): \${XDG_DATA_HOME:-~/.local/share}/jupyter/kernels/$name
  --prefix DIR  install into DIR/share/jupyter/kernels/$name
  --sys-prefix  install into the Python environment's prefix (.venv when it exists, else python3's)
  --uninstall   remove the kernelspec from the chosen place
  --no-build    use the jars already built in kernel/target
  --lab         set up .venv with JupyterLab, install the kernel there, and open notebooks/ in it

Two kernels are installed: $name, and $debug_name ("..., debugger"), which JupyterLab's
debugger works with. Pick the second only to debug: its Java process carries a debugging agent,
which makes code that throws and catches exceptions several times slower.
USAGE
}

place=user prefix="" uninstall=false build=true lab=false
while (($#)); do
  case "$1" in
    --user) place=user ;;
    --prefix) place=prefix; prefix="${2:?--prefix needs a directory}"; shift ;;
    --sys-prefix) place=sys-prefix ;;
    --uninstall) uninstall=true ;;
    --no-build) build=false ;;
    --lab) lab=true; place=sys-prefix ;;
    --debugger) ;;   # kept for old scripts: the debugger kernel is now always installed beside the other
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# The JDK: JAVA_HOME first, then java on PATH. JShell needs a full JDK, not a JRE.
find_java() {
  local java
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    java="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    java="$(command -v java)"
  else
    echo "install.sh: no Java found. Install a JDK 17 or newer and set JAVA_HOME or put java on PATH." >&2
    exit 1
  fi
  local feature
  feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [[ -z "$feature" || "${feature%%.*}" -lt 17 ]]; then
    echo "install.sh: $java is Java ${feature:-of unknown version}; the kernel needs Java 17 or newer (set JAVA_HOME)." >&2
    exit 1
  fi
  if ! "$java" --list-modules 2>/dev/null | grep -q '^jdk.jshell@'; then
    echo "install.sh: $java has no jdk.jshell module: install a full JDK 17+, not a JRE." >&2
    exit 1
  fi
  # Resolve links so the kernelspec keeps working when PATH changes.
  java="$(readlink -f "$java")"
  echo "$java" "${feature%%.*}"
}

read -r java feature < <(find_java)
java_home="$(dirname "$(dirname "$java")")"

if $lab && [[ ! -x "$repo/.venv/bin/jupyter-lab" ]]; then
  echo "Setting up $repo/.venv with JupyterLab (once)..."
  python3 -m venv "$repo/.venv"
  "$repo/.venv/bin/pip" install --quiet --disable-pip-version-check jupyterlab
fi

case "$place" in
  user) kernels="${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels" ;;
  prefix) kernels="$prefix/share/jupyter/kernels" ;;
  sys-prefix)
    python="python3"
    [[ -x "$repo/.venv/bin/python" ]] && python="$repo/.venv/bin/python"
    kernels="$("$python" -c 'import sys; print(sys.prefix)')/share/jupyter/kernels" ;;
esac
target="$kernels/$name"
debug_target="$kernels/$debug_name"

if $uninstall; then
  rm -rf "$target" "$debug_target"
  echo "Removed $target and $debug_target"
  exit 0
fi

if $build; then
  echo "Building with $java_home ..."
  (cd "$repo" && JAVA_HOME="$java_home" mvn -q -B -DskipTests package)
fi
jar="$repo/kernel/target/conclab-kernel.jar"
for built in "$jar" "$repo/kernel/target/executor/conclab-executor.jar"; do
  [[ -f "$built" ]] || { echo "install.sh: $built is missing; run without --no-build" >&2; exit 1; }
done

# Build the new kernelspec beside the old one and swap it in, so a running install never sees half a copy.
mkdir -p "$kernels"
staging="$(mktemp -d "$kernels/.$name.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
cp "$jar" "$staging/conclab-kernel.jar"
cp -r "$repo/kernel/target/lib" "$staging/lib"              # the kernel's class path
cp -r "$repo/kernel/target/executor" "$staging/executor"    # the executor's, and %maven's resolver apart in executor/resolver
# An explicit, sorted class path: the class-data archive below is valid only for the exact path it was made with.
classpath="$target/conclab-kernel.jar"
for lib in $(cd "$staging/lib" && ls *.jar | sort); do classpath="$classpath:$target/lib/$lib"; done
# The kernel only relays messages: C1 alone starts faster, and a 6 MB initial heap keeps it from
# committing 192 MB it never fills (resident memory 114 -> 66 MB at 16 MB, 57 MB at 6 MB: the young
# generation, a third of the heap, is resident whole).
# Its class-data archive mapped where it was made, so that its pages stay the file's and count once
# however many kernels run (KernelMain's MemoryOptions says why and at what price), where the JDK
# has the option.
relocation=""
if "$java" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -version >/dev/null 2>&1; then
  relocation='"-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",'
fi
# No performance-data file (only jps and jstat read it; jcmd still attaches), and the C heap's freed
# memory given back every 5 s where the JDK has the option (17.0.9+): 1-2 MB less per kernel.
trim=""
if "$java" -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then
  trim='"-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000",'
fi
# kernel_json DEBUGGER DISPLAY_SUFFIX: the kernelspec of one kernel; both run the jars in $target.
kernel_json() {
  cat <<JSON
{
  "argv": ["$java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
           "-Xss512k", "-Xms6m", "-Xmx192m",
           "-Xshare:auto", "-XX:SharedArchiveFile=$target/kernel.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
           $relocation $trim
           "-Dconclab.debugger=$1", "-cp", "$classpath",
           "dev.conclab.kernel.KernelMain", "{connection_file}"],
  "display_name": "Java $feature (Concurrency Lab$2)",
  "language": "java",
  "interrupt_mode": "message",
  "metadata": {"debugger": $([[ $1 == on ]] && echo true || echo false)}
}
JSON
}
kernel_json off "" > "$staging/kernel.json"
chmod -R a+rX "$staging"
rm -rf "$target.old"
[[ -d "$target" ]] && mv "$target" "$target.old"
mv "$staging" "$target"
rm -rf "$target.old"
trap - EXIT
# The debugger kernel: its own kernelspec directory (JupyterLab lists kernels by directory) holding
# only its kernel.json; it shares the jars and archives above.
mkdir -p "$debug_target"
kernel_json on ", debugger" > "$debug_target/kernel.json.new"
chmod a+r "$debug_target/kernel.json.new"
mv "$debug_target/kernel.json.new" "$debug_target/kernel.json"

# Archive the classes the kernel loads at start (AppCDS): start-up drops by about a third. The
# archive must be made at the installed paths, so it is made in place; without it the kernel
# starts all the same, only slower.
if "$java" -Xshare:dump -XX:SharedClassListFile="$repo/kernel/src/main/cds/kernel-classes.txt" \
     -XX:SharedArchiveFile="$target/kernel.jsa" -cp "$classpath" >"$target/kernel.jsa.log" 2>&1; then
  rm -f "$target/kernel.jsa.log"
else
  echo "note: no class-data archive was made (see $target/kernel.jsa.log); the kernel starts more slowly" >&2
fi
# The executor's archive: what it loads to start (javac, JShell, the runtime), written by a real
# executor that warms up and runs a few cells (ExecutorArchive). The first result of a notebook
# comes seconds sooner; without the archive the executor starts all the same, only slower.
if "$java" -cp "$classpath" dev.conclab.kernel.ExecutorArchive "$target/executor/executor.jsa" >"$target/executor.jsa.log" 2>&1; then
  rm -f "$target/executor.jsa.log"
else
  rm -f "$target/executor/executor.jsa"
  echo "note: the executor's class-data archive was not made (see $target/executor.jsa.log); the first cell comes more slowly" >&2
fi
# The children's archive: what a child JVM or pool worker loads to start (object streams, the
# filter, the runtime), written by a JVM that runs a child's and a worker's steps (ChildArchive), on
# the class path children get (the executor's jars, sorted as the kernel sorts them). Children map
# it, and start without it all the same, only slower.
executor_classpath="$(cd "$target/executor" && ls *.jar | LC_ALL=C sort | sed "s|^|$target/executor/|" | paste -sd:)"
if "$java" -XX:ArchiveClassesAtExit="$target/executor/children.jsa" -XX:+UseSerialGC -Xshare:auto \
     -cp "$executor_classpath" dev.conclab.runtime.internal.processes.ChildArchive >"$target/children.jsa.log" 2>&1; then
  rm -f "$target/children.jsa.log"
else
  rm -f "$target/executor/children.jsa"
  echo "note: the children's class-data archive was not made (see $target/children.jsa.log); child JVMs start more slowly" >&2
fi
echo "Installed kernels '$name' and '$debug_name' (Java $feature, $java) into $target and $debug_target"

if $lab; then
  cd "$repo"
  root_flag=(); [[ $EUID -eq 0 ]] && root_flag=(--allow-root)   # JupyterLab refuses root without it
  exec "$repo/.venv/bin/jupyter" lab "${root_flag[@]}" --notebook-dir="$repo/notebooks"
fi
