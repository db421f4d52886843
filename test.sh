#!/usr/bin/env bash
# Runs every test: Java unit and protocol tests, and the real Jupyter clients, on JDK 17 and on
# each newer JDK installed under /usr/lib/jvm. The Python clients live in .venv-test.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$repo"

venv="$repo/.venv-test"
requirements="kernel/src/test/python/requirements.txt"
if [[ ! -x "$venv/bin/python" ]] || ! cmp -s "$requirements" "$venv/.requirements"; then
  echo "Preparing the test virtualenv $venv ..."
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  # nbgrader is there for its command line (test_nbgrader.py). Its server and JupyterLab
  # extensions stay off, so that the browser and hub tests start JupyterLab as a student's
  # server without nbgrader does, not importing nbgrader's database libraries at every start.
  for extension in formgrader validate_assignment assignment_list course_list; do
    "$venv/bin/python" -m jupyter_server.extension.serverextension disable --sys-prefix \
      "nbgrader.server_extensions.$extension" >/dev/null 2>&1
  done
  "$venv/bin/python" -m jupyterlab.labextensions disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
  cp "$requirements" "$venv/.requirements"
fi

# The browser test drives JupyterLab in Debian's Chromium with playwright-core from npm; the
# browser comes from Debian, never from Playwright's download.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "Installing Debian's chromium for the browser test ..."
  as_root=()
  ((EUID == 0)) || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium >/dev/null
fi
# npm packages pinned by their lock files: playwright-core for the browser test, and JupyterHub's
# configurable-http-proxy for the class-on-a-hub test.
for packages in kernel/src/test/browser kernel/src/test/hub; do
  if ! cmp -s "$packages/package-lock.json" "$packages/node_modules/.installed-lock.json"; then
    echo "Installing the npm packages of $packages ..."
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$packages" --no-audit --no-fund --loglevel=error
    cp "$packages/package-lock.json" "$packages/node_modules/.installed-lock.json"
  fi
done

# JDK 17 first (the release we build for), then every newer JDK on the machine.
jdks=()
for home in /usr/lib/jvm/*; do
  [[ -f "$home/release" && -x "$home/bin/javac" && ! -L "$home" ]] || continue
  version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
  [[ -n "$version" && "$version" -ge 17 ]] && jdks+=("$version:$home")
done
if ((${#jdks[@]} == 0)); then
  jdks=("default:${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}")
fi
mapfile -t jdks < <(printf '%s\n' "${jdks[@]}" | sort -t: -k1,1n -u)

for entry in "${jdks[@]}"; do
  home="${entry#*:}"
  echo "=== Testing with JDK ${entry%%:*} ($home)"
  JAVA_HOME="$home" mvn -B -ntp verify -Dconclab.python="$venv/bin/python"
done
