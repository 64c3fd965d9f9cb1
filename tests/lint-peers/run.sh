#!/usr/bin/env bash
# Re-derives what spectral (`spectral:oas`) and redocly (`recommended`) report on seed 000's
# operation and on both of our specs, into tests/fixtures/lint/peers/*.json. The parity test
# (tests/tests/lint_parity.rs) checks that `oagen lint` has a counterpart for each finding.
#
# Needs Node.js and npm; installs the pinned tools (package.json) into tests/lint-peers/node_modules.
# Usage: tests/lint-peers/run.sh    (from anywhere; rewrites the JSON files, review the diff)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/tests/fixtures/lint/peers"
cd "$here"
if [ ! -x node_modules/.bin/spectral ] || [ ! -x node_modules/.bin/redocly ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
mkdir -p "$out"
# name:path (relative to the repository root)
specs="seed-000:tests/fixtures/lint/seed-000-rotate-credentials.yaml control-plane:specs/control-plane.yaml keys:specs/keys.yaml"
for entry in $specs; do
  name="${entry%%:*}"; spec="${entry#*:}"
  raw_s="$(mktemp)"; raw_r="$(mktemp)"
  (cd "$root" && "$here/node_modules/.bin/spectral" lint --ruleset "$here/.spectral.yaml" --format json --quiet "$spec" > "$raw_s") || true
  (cd "$root" && "$here/node_modules/.bin/redocly" lint --extends recommended --format json "$spec" > "$raw_r" 2>/dev/null) || true
  node - "$raw_s" "$raw_r" "$spec" "$out/$name" <<'JS'
const fs = require('fs');
const [rawS, rawR, spec, prefix] = process.argv.slice(2);
const esc = (t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1');
const sort = (list) => list.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
const text = fs.readFileSync(rawS, 'utf8').trim();
const spectral = sort((text ? JSON.parse(text) : []).map((f) => ({
  rule: f.code,
  severity: ['error', 'warning', 'info', 'hint'][f.severity],
  pointer: f.path.map((t) => '/' + esc(t)).join(''),
  line: f.range.start.line + 1,
  column: f.range.start.character + 1,
  message: f.message,
})));
const redocly = sort(JSON.parse(fs.readFileSync(rawR, 'utf8')).problems.map((p) => ({
  rule: p.ruleId,
  severity: p.severity === 'warn' ? 'warning' : p.severity,
  pointer: p.location[0].pointer.replace(/^#/, ''),
  line: p.location[0].start.line,
  column: p.location[0].start.col,
  message: p.message,
})));
const version = (pkg) => require(`./node_modules/${pkg}/package.json`).version;
const write = (tool, ruleset, findings) => fs.writeFileSync(`${prefix}.${tool}.json`, JSON.stringify({
  tool: `${tool} ${version(tool === 'spectral' ? '@stoplight/spectral-cli' : '@redocly/cli')}`,
  ruleset, spec, findings,
}, null, 2) + '\n');
write('spectral', 'spectral:oas', spectral);
write('redocly', 'recommended', redocly);
console.log(`${spec}: spectral ${spectral.length}, redocly ${redocly.length} finding(s)`);
JS
  rm -f "$raw_s" "$raw_r"
done
