/**
 * `cpumodels upgrade-check`, CLI-shaped: read the host and guest files,
 * call upgradeCheck (upgrade.ts), return what to print and the exit status
 * (0: nothing to do; 1: the upgrade needs action first; 2: error).
 */
import { describeError, exitCodeOf, type CpuModelError } from '../core/errors.js';
import { readGuest, readHostFiles, type CommandOutput, type ReadText } from '../fleet/commands.js';
import { listSome, type GuestInput, type HostInput } from '../fleet/fleet.js';
import { compareReleases, needsAction, upgradeCheck, type UpgradeReport } from './upgrade.js';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface UpgradeOptions {
  arch: string;
  from: string;
  to: string;
  hosts?: string[];
  guests?: string[];
  json?: boolean;
  /** how the host files are read (the CLI's gate) */
  read?: ReadText;
}

const failed = (e: CpuModelError, pre = ''): CommandOutput => ({ stdout: '', stderr: `${pre}error: ${describeError(e)}\n`, exitCode: exitCodeOf(e) });

/** Guest files: files as given, folders' *.xml and *.json (sorted); a spec that is no file is a -cpu style guest. */
function guestSpecs(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (/\.(xml|json)$/i.test(f)) out.push(path.join(p, f));
    } else out.push(p);
  }
  return out;
}

/** A domain XML's machine type: <os><type machine='pc-q35-7.2'>hvm</type>. */
export function machineOf(xml: string): string | undefined {
  const os = /<os\b[^>]*>([\s\S]*?)<\/os>/.exec(xml)?.[1];
  return os ? /<type\b[^>]*\bmachine\s*=\s*(['"])([^'"]+)\1/.exec(os)?.[2] : undefined;
}

export function cmdUpgradeCheck(o: UpgradeOptions): CommandOutput {
  let hosts: HostInput[] = [];
  let warnings = '';
  if (o.hosts?.length) {
    const h = readHostFiles(o.hosts, o.read);
    if (!h.ok) return failed(h.error);
    hosts = h.value.inputs;
    warnings = h.value.warnings.join('');
  }
  const guests: { input: GuestInput; origin: string }[] = [];
  for (const spec of guestSpecs(o.guests ?? [])) {
    const g = readGuest(spec);
    if (!g.ok) return failed(g.error, warnings);
    const machine = existsSync(spec) && statSync(spec).isFile() ? machineOf(readFileSync(spec, 'utf8')) : undefined;
    guests.push({ input: g.value, origin: spec, ...(machine ? { machine } : {}) });
  }
  const r = upgradeCheck({ arch: o.arch, from: o.from, to: o.to, hosts, guests });
  if (!r.ok) return failed(r.error, warnings);
  const notes = reportNotes(r.value);
  const stderr = warnings + notes.map((n) => `cpumodels: note: ${n}\n`).join('');
  return { stdout: o.json ? JSON.stringify(r.value, null, 2) + '\n' : formatUpgrade(r.value, notes), stderr, exitCode: needsAction(r.value) ? 1 : 0 };
}

/** What to say beyond the report: a downgrade, the same release, data QEMU promises never changes. */
export function reportNotes(r: UpgradeReport): string[] {
  const out: string[] = [];
  const c = compareReleases(r.from, r.to);
  if (c > 0) out.push(`${r.from} → ${r.to} is a downgrade: "added" are models the older release lacks, "removed" models it has again`);
  if (c === 0) out.push(`--from and --to are the same release (${r.from}): nothing in the catalog changes`);
  if (r.models.changed.length) out.push(`DATA ERROR: versioned models whose features differ between ${r.from} and ${r.to} (QEMU promises none does; our data or QEMU is wrong): ${r.models.changed.join(', ')}`);
  return out;
}

const list = (xs: readonly string[], max = 12) => (xs.length ? listSome([...xs], max) : '-');

export function formatUpgrade(r: UpgradeReport, notes: readonly string[] = reportNotes(r)): string {
  const L: string[] = [];
  const m = r.models;
  L.push(`upgrade ${r.arch} QEMU ${r.from} → ${r.to}`);
  for (const n of notes) L.push(`note: ${n}`);
  L.push('catalog:');
  L.push(`  added (${m.added.length}): ${list(m.added, 20)}`);
  L.push(`  removed (${m.removed.length}): ${list(m.removed, 20)}`);
  L.push(`  deprecated (${m.deprecated.length}): ${list(m.deprecated, 20)}`);
  L.push(`  undeprecated (${m.undeprecated.length}): ${list(m.undeprecated, 20)}`);
  L.push(`  alias changed (${m.alias_changed.length}): ${m.alias_changed.length ? m.alias_changed.map((a) => `${a.name} ${a.from}→${a.to}`).join(', ') : '-'}`);
  L.push(`  versioned models changed (${m.changed.length}): ${list(m.changed)}`);
  if (r.hosts.length) {
    L.push('hosts:');
    for (const h of r.hosts) {
      const hm = (v: typeof h.host_model.from) => (v ? v.model : '(none)');
      L.push(`  ${h.name} [${h.class}]: host-model ${hm(h.host_model.from)} → ${hm(h.host_model.to)}; features +${h.features_added.length} ${list(h.features_added, 8)} / -${h.features_dropped.length} ${list(h.features_dropped, 8)}`);
      L.push(`    runnable models ${h.runnable.from.length} → ${h.runnable.to.length}; newly: ${list(h.newly_runnable, 8)}; no longer: ${list(h.no_longer_runnable, 8)}`);
    }
    L.push(`the window (a host-model guest started under ${r.to}, migrating to a host still under ${r.from}):`);
    for (const w of r.window) {
      L.push(`  ${w.class} (${w.hosts.length} host${w.hosts.length === 1 ? '' : 's'}): ${w.advice}`);
      for (const t of w.targets) {
        if (t.before === 'refused' && t.verdict === 'refused') {
          L.push(`    → ${t.class}: refused before the upgrade too (${t.blockers.length} blocker${t.blockers.length === 1 ? '' : 's'}; see --json)`);
          continue;
        }
        L.push(`    → ${t.class}: ${t.verdict}${t.blockers.length ? `: ${t.blockers.join('; ')}` : ''}`);
        if (t.verdict === 'refused') L.push(`      both run (${t.common.length}): ${list(t.common, 10)}`);
      }
    }
  }
  if (r.guests.length) {
    L.push('guests:');
    for (const g of r.guests) {
      L.push(`  ${g.name}: ${g.verdict} (${g.mode}${g.model ? ` ${g.model}` : ''}; catalog: ${g.catalog})`);
      for (const h of g.hosts) if (h.starts_from !== h.starts_to || !h.starts_to) L.push(`    on ${h.class}: ${h.starts_from ? 'starts' : 'does not start'} under ${r.from}, ${h.starts_to ? 'starts' : 'does not start'} under ${r.to}${h.blockers.length ? ` (${h.blockers.join('; ')})` : ''}`);
      if (g.machine) L.push(`    machine ${g.machine.type}: ${g.machine.from ?? '(none)'} → ${g.machine.to ?? '(none)'}; the model resolves to ${g.machine.model_from ?? '-'} → ${g.machine.model_to ?? '-'}${g.machine.problems.length ? ` (${g.machine.problems.join('; ')})` : ''}`);
      for (const c of g.cpu_changes) L.push(`    CPU changes (${c.kind === 'host-model' ? `host-model on ${c.class}` : `${c.kind === 'machine' ? 'machine type: ' : ''}${c.from} → ${c.to}`}): +${list(c.added, 8)} -${list(c.dropped, 8)}`);
    }
  }
  return L.join('\n') + '\n';
}
