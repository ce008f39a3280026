#!/usr/bin/env bash
# Install what the app needs on a Debian 12 machine, then the locked Python environment.
#   scripts/bootstrap.sh           runtime needs (fonts, WeasyPrint's libraries)
#   scripts/bootstrap.sh --test    also Chromium and the libraries Playwright's driver links
# (the lists: scripts/debian-packages.txt; a bare machine needs python3, git and make)
# As root it installs Debian packages itself; otherwise it prints the exact command.
set -euo pipefail
cd "$(dirname "$0")/.."

# The packages are listed in scripts/debian-packages.txt ([run], and [test] for --test).
sections=" run "
if [[ "${1:-}" == "--test" ]]; then sections=" run test "; fi
packages=()
section=""
while read -r line; do
  line=${line%%#*}; line=${line//[[:space:]]/}
  [[ -z "$line" ]] && continue
  if [[ "$line" =~ ^\[(.*)\]$ ]]; then section=${BASH_REMATCH[1]}; continue; fi
  if [[ "$sections" == *" $section "* ]]; then packages+=("$line"); fi
done < scripts/debian-packages.txt

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo ">> 安装系统软件包：${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! 缺少系统软件包：${missing[*]}"
    echo "!! 请先运行：sudo apt-get install -y ${missing[*]}"
    [[ "${1:-}" == "--test" ]] && exit 1
  fi
fi

# uv: on PATH, or a private copy under var/tools (pip from PyPI, no internet needed beyond it).
UV=$(command -v uv || true)
if [[ -z "$UV" && -x var/tools/bin/uv ]]; then UV=var/tools/bin/uv; fi
if [[ -z "$UV" ]]; then
  echo ">> 安装 uv 到 var/tools"
  mkdir -p var
  if ! python3 -m venv var/tools 2>/dev/null; then
    rm -rf var/tools
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv var/tools
    else
      echo "!! 请先运行：sudo apt-get install -y python3-venv"; exit 1
    fi
  fi
  var/tools/bin/pip install -q uv
  UV=var/tools/bin/uv
fi

# uv cannot download interpreters here: use the machine's python3 (3.11).
export UV_PYTHON_DOWNLOADS=never
"$UV" sync --frozen --python python3 -q
mkdir -p var
echo "$UV" > var/.uv-path

# A library missing from the list above shows here, not as 23 browser-test errors.
if [[ "${1:-}" == "--test" ]]; then
  missing_libs=$(for binary in .venv/lib/python3*/site-packages/playwright/driver/node /usr/lib/chromium/chromium; do
    [[ -x "$binary" ]] && ldd "$binary" | awk -v b="$binary" '/not found/ {print "  " b ": " $1}'
  done || true)
  if [[ -n "$missing_libs" ]]; then
    echo "!! 浏览器测试缺少共享库（请把提供它们的软件包加入 scripts/debian-packages.txt）："
    echo "$missing_libs"
    exit 1
  fi
fi
