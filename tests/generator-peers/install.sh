#!/usr/bin/env bash
# Installs the client generators that `cargo xtask bench-generators` measures beside oagen, into
# this folder (both are git-ignored):
#   cargo/bin/cargo-progenitor     progenitor 0.15.1 (`cargo install --locked`; several minutes on 2 cores)
#   python/bin/openapi-generator-cli   OpenAPI Generator 7.26 (PyPI package bundling the jar; needs Java)
# and /usr/bin/time (Debian's `time` package) for peak memory, when apt-get can install it.
#
# Each peer is installed only when missing. The script does not stop at a failure: it prints
# `PEER-NOT-INSTALLED: <peer>: <why>` and goes on, so the benchmark can report that peer as not measured.
# Usage: tests/generator-peers/install.sh    (from anywhere)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PROGENITOR_VERSION=0.15.1
OPENAPI_GENERATOR_VERSION='7.26.*'

if [ ! -x /usr/bin/time ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "==> installing /usr/bin/time (apt-get install time)"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_cmd="sudo -n"
    $sudo_cmd apt-get install -y -qq time >/dev/null 2>&1 \
      || { $sudo_cmd apt-get update -qq >/dev/null 2>&1 && $sudo_cmd apt-get install -y -qq time >/dev/null 2>&1; } \
      || echo "WARNING: /usr/bin/time could not be installed; peak memory will not be measured"
  else
    echo "WARNING: /usr/bin/time is missing and apt-get is not available; peak memory will not be measured"
  fi
fi

if [ -x "$here/cargo/bin/cargo-progenitor" ]; then
  echo "progenitor: already installed ($here/cargo/bin/cargo-progenitor)"
else
  echo "==> installing cargo-progenitor $PROGENITOR_VERSION (cargo install --locked; this takes minutes)"
  start=$(date +%s)
  if cargo install cargo-progenitor --version "$PROGENITOR_VERSION" --locked --root "$here/cargo" --quiet; then
    echo "progenitor: installed in $(( $(date +%s) - start )) s"
  else
    echo "PEER-NOT-INSTALLED: progenitor: cargo install cargo-progenitor --version $PROGENITOR_VERSION failed after $(( $(date +%s) - start )) s"
  fi
fi

if [ -x "$here/python/bin/openapi-generator-cli" ]; then
  echo "openapi-generator: already installed ($here/python/bin/openapi-generator-cli)"
elif ! command -v java >/dev/null 2>&1; then
  echo "PEER-NOT-INSTALLED: openapi-generator: Java is not installed (the openapi-generator-cli package runs a jar)"
else
  pip=""
  for candidate in pip3 pip; do command -v "$candidate" >/dev/null 2>&1 && { pip="$candidate"; break; }; done
  if [ -z "$pip" ] && command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then pip="python3 -m pip"; fi
  if [ -z "$pip" ]; then
    echo "PEER-NOT-INSTALLED: openapi-generator: pip is not installed"
  else
    echo "==> installing openapi-generator-cli==$OPENAPI_GENERATOR_VERSION (pip --target)"
    start=$(date +%s)
    if $pip install --quiet --disable-pip-version-check --target "$here/python" "openapi-generator-cli==$OPENAPI_GENERATOR_VERSION" \
       && [ -x "$here/python/bin/openapi-generator-cli" ]; then
      echo "openapi-generator: installed in $(( $(date +%s) - start )) s"
    else
      echo "PEER-NOT-INSTALLED: openapi-generator: pip install openapi-generator-cli==$OPENAPI_GENERATOR_VERSION failed after $(( $(date +%s) - start )) s"
    fi
  fi
fi
