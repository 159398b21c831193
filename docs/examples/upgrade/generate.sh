#!/bin/sh
# Regenerates docs/upgrade.md's worked example by running the command (run from the repository root, after npm run build).
set -e
C=../shared/reference/libvirt/cputestdata
HOSTS="$C/x86_64-cpuid-Xeon-Gold-6148.xml $C/x86_64-cpuid-Ice-Lake-Server.xml $C/x86_64-cpuid-EPYC-7502-32-Core.xml"
run() { echo '```'; echo "\$ cpumodels $*"; node bin/cpumodels.js "$@" 2>&1 || echo "(exit $?)"; echo '```'; }
{
  sed -n '1,/^<!-- generated below -->$/p' docs/upgrade.md
  echo
  run upgrade-check --arch x86_64 --from 7.2 --to latest --hosts $HOSTS --guests docs/examples/upgrade
  echo
  echo 'The same as JSON (the window and the guests; `models` and `hosts` as above):'
  echo
  echo '```'
  echo "\$ cpumodels upgrade-check --arch x86_64 --from 7.2 --to latest --hosts … --guests docs/examples/upgrade --json | jq '{from, to, models: (.models | map_values(length)), window: [.window[] | {class, pin, advice, targets: [.targets[] | {class, verdict}]}], guests: [.guests[] | {name, verdict, catalog}]}'"
  node bin/cpumodels.js upgrade-check --arch x86_64 --from 7.2 --to latest --hosts $HOSTS --guests docs/examples/upgrade --json 2>/dev/null | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const out = { from: r.from, to: r.to, models: Object.fromEntries(Object.entries(r.models).map(([k, v]) => [k, v.length])),
      window: r.window.map((w) => ({ class: w.class, pin: w.pin, advice: w.advice, targets: w.targets.map((t) => ({ class: t.class, verdict: t.verdict })) })),
      guests: r.guests.map((g) => ({ name: g.name, verdict: g.verdict, catalog: g.catalog })) };
    console.log(JSON.stringify(out, null, 2));' || true
  echo '```'
  echo
  echo 'A downgrade is said so:'
  echo
  run upgrade-check --arch x86_64 --from 9.1 --to 7.2
} > docs/upgrade.md.new
mv docs/upgrade.md.new docs/upgrade.md
