#!/usr/bin/env bash
# Regenerates the security parser fixtures: runs the real scanners on the deliberately vulnerable
# sample (resources/rehearsal/vulnerable-sample/) and on its "moved code" variant, and writes their
# reports to electron/core/security/parsers/fixtures/. Needs: apt-get install -y bandit flawfinder;
# the npm devDependencies secretlint, @secretlint/secretlint-rule-preset-recommend,
# @secretlint/secretlint-formatter-sarif, @microsoft/eslint-formatter-sarif.
# Scanners exit non-zero when they find something; that is expected here, not an error.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
sample="$repo/resources/rehearsal/vulnerable-sample"
fixtures="$repo/electron/core/security/parsers/fixtures"
moved="$fixtures/vulnerable-sample-moved"
bin="$repo/node_modules/.bin"
mkdir -p "$fixtures"

node "$repo/scripts/security/make-moved-sample.mjs" "$sample" "$moved"

scan() { # scan ROOT SUFFIX
  local root="$1" suffix="$2"
  cd "$root"
  # bandit 1.6.2 (Debian) has no SARIF output; relative paths ("./app/orders.py").
  bandit -q -r . -f json -o "$fixtures/bandit$suffix.json" || [ $? -eq 1 ]
  # flawfinder: relative URIs with uriBaseId SRCROOT.
  flawfinder --sarif native > "$fixtures/flawfinder$suffix.sarif"
  # eslint: absolute file:// URIs.
  "$bin/eslint" --no-config-lookup --config "$repo/scripts/security/sample-eslint.config.mjs" \
    --format @microsoft/eslint-formatter-sarif -o "$fixtures/eslint$suffix.sarif" web || [ $? -eq 1 ]
  # secretlint: JSON (absolute paths, the scanned text in sourceContent) and SARIF (relative URIs).
  "$bin/secretlint" --secretlintrc "$repo/scripts/security/sample.secretlintrc.json" --format json \
    --output "$fixtures/secretlint$suffix.json" "**/*" || [ $? -eq 1 ]
  "$bin/secretlint" --secretlintrc "$repo/scripts/security/sample.secretlintrc.json" \
    --format @secretlint/secretlint-formatter-sarif --output "$fixtures/secretlint$suffix.sarif" "**/*" || [ $? -eq 1 ]
}
scan "$sample" ""
scan "$moved" "-moved"

# npm audit cannot reach an advisory database on our machines: the handbook's real report stands in.
install -m 644 /work/shared/fixtures/npm-audit/many_vulns.json "$fixtures/npm-audit-many-vulns.json" 2>/dev/null ||
  echo "note: /work/shared/fixtures/npm-audit/many_vulns.json not found; keeping the committed copy" >&2

# Where each scan ran and with which versions: tests relocate absolute paths from these roots.
cat > "$fixtures/manifest.json" <<JSON
{
  "sampleRoot": "$sample",
  "movedRoot": "$moved",
  "versions": {
    "bandit": "$(bandit --version 2>/dev/null | head -1 | awk '{print $2}')",
    "flawfinder": "$(flawfinder --version)",
    "eslint": "$("$bin/eslint" --version | sed 's/^v//')",
    "secretlint": "$("$bin/secretlint" --version)"
  }
}
JSON
echo "fixtures written to $fixtures"
