/**
 * The command-line adapter: parse options, call the core, print.
 * Tables for people, --json for machines; errors name the value and suggest.
 */
import { endQuietlyOnBrokenPipe } from './direct-output.js';
import { toJsonText } from '../../core/qmp-json.js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
// Only what every command needs is imported here; each command loads its own
// modules (and one architecture's driver) when it runs: start-up is the
// one-shot commands' main cost (bench/startup.ts).
import type { CpuDriver, ModelInfo } from '../../core/driver.js';
import { CpuModelException, describeError, exitCodeOf, unwrap, type CpuModelError } from '../../core/errors.js';
import { ARCHES, loadDriver } from '../../arch/arches.js';
import { ARCH_FACTS, archFacts, archOfNode } from '../../arch/facts.js';
import { checkProfile, DEFAULT_PROFILE, NEWEST_RELEASE, RELEASES, releaseOf } from '../../core/profile.js';
import { detectHostFacts, type HostFacts } from './host-facts.js';
import type { QmpService } from '../qmp/service.js';
import type { ListenOptions, RunningServer } from '../qmp/server.js';
import { InputError, checkInputs, openInput, readInput, type InputText } from './input.js';
import { gate } from './gate.js';
import type { ReadText } from '../../fleet/commands.js';
import { emit, localLibvirt, writtenFor, type CommandText } from './libvirt-target.js';
import { parseLibvirtRelease, type LibvirtRelease } from '../libvirt/release-version.js';
import { cmdCompareModels, cmdExpand, cmdIdentify, cmdModels, driverFor, useHostDocReader, isFile, print, printJson, propsLine, readHostFile, reportError, resolveCommon, spec, UsageError, type Common, type Resolved } from './oneshot.js';
import { table } from './table.js';

// commander through require: its ESM wrapper costs a CommonJS export scan at every start
const { Command, CommanderError, Option } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;

import { VERSION } from './version.js';
import { useLibvirtAdapter } from '../libvirt/formats.js';
export { VERSION, resolveCommon, type Resolved };

const SKIP_BAD_OPTION = ['--skip-bad', 'skip a bad host file found in a folder (unreadable, refused, malformed, no host description) with a warning naming it and the reason, instead of stopping with that error'] as const;

function opened(paths: readonly (string | undefined)[], what: string): Map<string, InputText> {
  const files = paths.filter((p): p is string => p !== undefined && existsSync(p));
  return checkInputs(files, what, (dir) =>
    readdirSync(dir)
      .map((f) => path.join(dir, f))
      .filter(isFile),
  );
}

/** The gate for files a command reads itself (whole): NDJSON files are checked to their end here. */
function gateAll(paths: readonly (string | undefined)[], what: string): void {
  for (const t of opened(paths, what).values()) if (typeof t !== 'string') t.forEach(() => true);
}

function note(lines: readonly string[]): void {
  for (const l of lines) process.stderr.write(`cpumodels: note: ${l}\n`);
}

/** The libvirt release to write XML for: --libvirt, else the local libvirt's, else the newest. */
async function libvirtTarget(o: { libvirt?: string }, facts: HostFacts): Promise<LibvirtRelease> {
  if (o.libvirt !== undefined) {
    const r = parseLibvirtRelease(o.libvirt);
    if (!r.ok) throw new UsageError(`--libvirt ${o.libvirt}: ${describeError(r.error)}`);
    return r.value;
  }
  return localLibvirt(facts);
}

/** A command's output written for the release --libvirt names (else the local one's). */
function releaseAware(o: { libvirt?: string }, facts: HostFacts, make: () => CommandText | Promise<CommandText>, json: boolean): Promise<Required<CommandText>> {
  return writtenFor(libvirtTarget(o, facts), make, json);
}

const LIBVIRT_OPTION = ['--libvirt <X.Y>', "write libvirt XML for this libvirt release (default: the installed libvirt's, from virsh --version; else the newest)"] as const;

function common(cmd: Command): Command {
  return cmd
    .option('--arch <arch>', "architecture: s390x, x86_64, ppc64 or aarch64 (default: this machine's)")
    .option('--accel <accel>', 'accelerator: tcg or kvm (default: kvm when /dev/kvm can be opened, else tcg)')
    .option('--host <file>', 'host description: /proc/cpuinfo, /proc/sysinfo or a QMP expansion reply')
    .addOption(new Option('--profile <profile>', `catalog profile: a QEMU release (${RELEASES[0]} … ${NEWEST_RELEASE}) or 'latest'`).default(DEFAULT_PROFILE))
    .option('--json', 'machine-readable output');
}

export function buildProgram(facts: HostFacts = detectHostFacts()): Command {
  // --host FILE of the driver commands reads every format probe reads: the one host reader (host/read.ts)
  useHostDocReader(async (text, origin) => (await import('../../host/read.js')).readHostDoc(text, origin));
  const driverFrom = (o: Common): Promise<CpuDriver> => driverFor(o, resolveCommon(o, facts));
  const program = new Command('cpumodels')
    .description('CPU model authority for virtualization: models, expansion, comparison, baseline, probing, QMP')
    .version(VERSION)
    // usage errors are one line too: the sentence, and where the usage is
    .configureOutput({ outputError: (str, write) => write(`cpumodels: ${str.trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`) })
    .exitOverride();

  common(program.command('models').description('list the CPU models, with runnability on this host/accelerator (or of a cached hypervisor, like virsh cpu-models)'))
    .option('--hypervisor <name>', 'the models of a hypervisor in the capabilities cache')
    .option('--cache <dir>', 'capabilities cache folder')
    .action(async (o: Common & { hypervisor?: string; cache?: string }) => {
    if (o.hypervisor) return (await import('../hypervisor/commands.js')).cmdModelsForHypervisor(o.hypervisor, { ...(o.cache ? { cache: o.cache } : {}), ...(o.json ? { json: true } : {}) }).then(emit);
    return cmdModels(await driverFrom(o), o);
  });

  common(program.command('expand <model>').description('expand MODEL[,feat=on|off…] (static: base model + delta; full: every feature)'))
    .addOption(new Option('--type <type>', 'expansion type').choices(['static', 'full']).default('static'))
    .action(async (model: string, o: Common & { type: 'static' | 'full' }) => {
      return cmdExpand(await driverFrom(o), model, o);
    });

  common(program.command('compare <a> <b>').description('compare two models (MODEL[,feat=on|off…]), or libvirt-style a host <cpu> file with a guest <cpu> file'))
    .option(...LIBVIRT_OPTION)
    .action(async (a: string, b: string, o: Common & { libvirt?: string }) => {
      if (isFile(a) && isFile(b)) {
        // virsh cpu-compare: exit 0 identical/superset, 1 incompatible or error
        const { cmdCompare } = await import('./libvirt-commands.js');
        const r = await releaseAware(o, facts, () => cmdCompare(a, b), false);
        return emit(o.json && r.stdout ? { ...r, stdout: JSON.stringify({ host: a, guest: b, result: /identical/.test(r.stdout) ? 'identical' : /superset/.test(r.stdout) ? 'superset' : 'incompatible' }, null, 2) } : r);
      }
      return cmdCompareModels(await driverFrom(o), a, b, o);
    });

  common(program.command('baseline <inputs...>').description('the newest model all inputs can run: model names (N-way), or libvirt <cpu> files like virsh cpu-baseline'))
    .option('--features', 'libvirt files: list all features of the result, not only the delta')
    .option('--migratable', 'libvirt files: leave out features that block migration')
    .option('--hosts', 'the inputs are hosts (files or folders of host descriptions): N-way baseline of real hosts, collapsed by signature')
    .option(...SKIP_BAD_OPTION)
    .option(...LIBVIRT_OPTION)
    .action(async (inputs: string[], o: Common & { features?: boolean; migratable?: boolean; hosts?: boolean; skipBad?: boolean; libvirt?: string }) => {
      if (o.skipBad && !o.hosts) throw new UsageError('--skip-bad is for host folders: baseline --hosts');
      if (o.hosts) {
        const read = gate(inputs, 'host file', o);
        return emit(await releaseAware(o, facts, async () => (await import('../../fleet/commands.js')).cmdBaselineHosts(inputs, { ...(o.json ? { json: true } : {}), read }), !!o.json));
      }
      if (inputs.every(isFile)) {
        const { cmdBaseline } = await import('./libvirt-commands.js');
        const r = await releaseAware(o, facts, () => cmdBaseline(inputs, { ...(o.features ? { features: true } : {}), ...(o.migratable ? { migratable: true } : {}) }), false);
        if (o.json && r.exitCode === 0) {
          const { origin: _o, ...cpu } = (await import('../libvirt/cpu-xml.js')).readCpus(r.stdout, 'baseline')[0]!;
          return emit({ ...r, stdout: JSON.stringify(cpu, null, 2) });
        }
        return emit(r);
      }
      const d = await driverFrom(o);
      const r = unwrap(d.baselineMany(inputs.map(spec)));
      if (o.json) return printJson(r);
      print(`${r.model.name}  ${propsLine(r.model.props)}`);
    });

  program
    .command('probe [files...]')
    .description('host capability documents: of this machine, of files (format and architecture detected) or of live endpoints (qmp:unix:PATH, qmp:tcp:HOST:PORT, exec:BINARY); several are grouped by signature')
    .option('--arch <arch>', 'expect this architecture')
    .addOption(new Option('--profile <profile>', `catalog profile: a QEMU release (${RELEASES[0]} … ${NEWEST_RELEASE}) or 'latest'`).default('latest'))
    .option('--json', 'machine-readable output (the host capability document)')
    .option('--compact', 'compact host documents (features as a bitset, under 1 KB), one per line (NDJSON) for every FILE and every file in DIR; host documents and NDJSON are read as they are')
    .option(...SKIP_BAD_OPTION)
    .action(async (files: string[], o: { arch?: string; profile: string; json?: boolean; compact?: boolean; skipBad?: boolean }) => {
      if (o.skipBad && !o.compact) throw new UsageError('--skip-bad is for host folders: probe --compact');
      if (o.compact) {
        if (!files.length) throw new UsageError('probe --compact needs FILE or DIR arguments');
        const read = gate(files, 'host file', o);
        unwrap(checkProfile(o.profile));
        return emit(unwrap((await import('../../host/compact-probe.js')).probeCompact(files, { ...(o.arch ? { arch: o.arch } : {}), read })));
      }
      const profile = unwrap(checkProfile(o.profile));
      if (!files.length && !(existsSync('/proc/cpuinfo') && archOfNode(process.arch)?.probesLocally)) {
        throw new UsageError(`cannot probe this ${process.arch} machine: pass a host description as FILE`);
      }
      const { isEndpoint, hostDocFromEndpoint } = await import('../hypervisor/endpoint.js');
      const { readHostDocs } = await import('../../host/read.js');
      const docs = [];
      for (const f of files.length ? files : ['/proc/cpuinfo']) {
        // qmp:… and exec:… are live endpoints; anything else is a file
        let found;
        if (isEndpoint(f)) found = [unwrap(await hostDocFromEndpoint(f))];
        else {
          // the one host reader every command uses (host/read.ts): a file may hold several hosts
          const src = readHostFile(f);
          found = unwrap(readHostDocs(src.text, src.origin, { profile }));
        }
        for (const doc of found) {
          if (o.arch && doc.arch !== o.arch) throw new UsageError(`${f} describes an ${doc.arch} host, not ${o.arch}`);
          docs.push(doc);
        }
      }
      if (docs.length === 1) {
        const doc = docs[0]!;
        if (o.json) return printJson(doc);
        const id = doc.identity as Record<string, unknown>;
        print(`host: ${doc.display ?? `${doc.model}@${doc.signature}`}  (${doc.arch}, ${String(id['description'] ?? id['brand'] ?? id['vendor'] ?? '')})`);
        print(`features: ${doc.features.length}   delta vs ${doc.model}: ${[...(doc.delta?.added ?? []).map((x) => `+${x}`), ...(doc.delta?.removed ?? []).map((x) => `-${x}`)].join(' ') || '(none)'}`);
        for (const n of doc.notes ?? []) print(`note: ${n}`);
        return;
      }
      const arches = [...new Set(docs.map((d) => d.arch))];
      if (arches.length > 1) throw new UsageError(`the hosts are of different architectures (${arches.join(', ')}): group them separately`);
      const classes = (await import('../../host/group.js')).groupHostDocs(docs);
      if (o.json) return printJson({ hosts: docs, classes: classes.map((c) => ({ signature: c.signature, model: c.model, hosts: c.hosts })) });
      print(table(['CLASS', 'MODEL', 'HOSTS'], classes.map((c) => [c.signature, c.model, c.hosts.join(' ')])));
      print(`${docs.length} hosts in ${classes.length} classes`);
    });

  common(program.command('features').description('the feature catalog: name, where it lives in hardware, description; x86 also with libvirt and Linux names')).action(async (o: Common) => {
    if (o.host) readHostFile(o.host); // read (and gated) even where the catalog does not depend on it
    // the architecture whose feature names our libvirt CPU map and Linux table cover (x86_64) lists them beside QEMU's
    if (archFacts(o.arch ?? resolveCommon(o, facts).arch)?.libvirtCpuMap) {
      const rows = (await import('../../arch/x86_64/names.js')).x86FeatureNames().filter((r) => r.qemu || o.profile === 'latest');
      if (o.json) return printJson(rows);
      return print(table(['QEMU', 'ALIASES', 'LIBVIRT', 'LINUX', 'LOCATION'], rows.map((r) => [r.qemu ?? '-', r.qemuAliases.join(','), r.libvirt ?? '-', r.linux ?? '-', r.location])));
    }
    const d = await driverFrom(o);
    const rows = d.catalog.features.map((f) => ({ name: f.name, kind: f.kind, bit: f.bit, desc: f.desc }));
    if (o.json) return printJson({ features: rows, groups: d.catalog.groups.map((g) => ({ name: g.name, desc: g.desc, members: g.memberNames })) });
    print(table(['NAME', 'KIND', 'BIT', 'DESCRIPTION'], rows.map((r) => [r.name, r.kind, String(r.bit), r.desc])));
    print(`${rows.length} features, ${d.catalog.groups.length} groups (${d.catalog.groups.map((g) => g.name).join(' ')})`);
  });

  program
    .command('host-model')
    .description("libvirt's host-model for a host: the best named model plus required and disabled features")
    .addOption(new Option('--arch <arch>', 'architecture of the host described (x86_64: the only one with a libvirt host-model from CPUID)').default('x86_64'))
    .option('--cpuid <file>', "a CPUID dump: libvirt's <cpudata> XML or `cpuid -r` output (or a libvirt <cpu> with a model)")
    .option('--cpuinfo <file>', '/proc/cpuinfo')
    .option('--qmp <file>', 'a QMP query-cpu-model-expansion reply for host')
    .addOption(new Option('--format <format>', 'output form').choices(['libvirt', 'json']).default('libvirt'))
    .option('--json', 'the same as --format json')
    .option(...LIBVIRT_OPTION)
    .option('--migratable', 'leave out features libvirt marks not migratable')
    .option('--profile <release>', "the host-model domcapabilities gives under this QEMU release (what upgrade-check reports); any file probe reads, any architecture with a host-model")
    .action(async (o: { arch: string; cpuid?: string; cpuinfo?: string; qmp?: string; format: 'libvirt' | 'json'; json?: boolean; libvirt?: string; migratable?: boolean; profile?: string }) => {
      const given = [o.cpuid, o.cpuinfo, o.qmp].filter(Boolean);
      if (given.length !== 1) throw new UsageError('host-model needs exactly one of --cpuid FILE, --cpuinfo FILE, --qmp FILE');
      const src = readHostFile(given[0]!);
      if (o.profile !== undefined) {
        const { readHostText } = await import('../../fleet/commands.js');
        const { hostModelUnder } = await import('../../upgrade/upgrade.js');
        const docs = unwrap(readHostText(src.text, src.origin));
        if (docs.length !== 1) throw new UsageError(`${src.origin} describes ${docs.length} hosts; host-model describes one`);
        const doc = docs[0]!;
        const view = unwrap(hostModelUnder(doc, o.profile));
        if (o.json || o.format === 'json') return printJson(view);
        return print(view.cpu);
      }
      if (!archFacts(o.arch)?.libvirtCpuMap) throw new UsageError(`host-model for ${o.arch} is not implemented yet (x86_64 only; --profile R answers for every architecture with a host-model)`);
      const { decodeHostText, hostModelXml } = await import('./host-model.js');
      const { NEWEST_LIBVIRT, hostModelForRelease } = await import('../libvirt/release.js');
      const cpu = unwrap(decodeHostText(src.text, src.origin));
      const json = o.json || o.format === 'json';
      // JSON answers with libvirt's newest names unless --libvirt asks for a release
      const release = json && o.libvirt === undefined ? NEWEST_LIBVIRT : await libvirtTarget(o, facts);
      const hm = unwrap(hostModelForRelease(cpu, release, { kind: 'host', ...(o.migratable ? { migratable: true } : {}) }));
      note(hm.notes);
      if (json) return printJson(hm.value);
      print(hostModelXml(hm.value));
    });

  program
    .command('domcapabilities')
    .description("the <cpu> block of libvirt's <domainCapabilities> for a host: host-model and every custom model with usable and blockers")
    .option('--host <file>', 'a host description: domcapabilities, capabilities, /proc/cpuinfo, CPUID dump, QMP reply, host document')
    .option('--hypervisor <name>', 'a hypervisor in the capabilities cache (as virsh domcapabilities asks that QEMU)')
    .option('--cache <dir>', 'capabilities cache folder, for --hypervisor')
    .addOption(new Option('--format <format>', 'output form').choices(['libvirt', 'json']).default('libvirt'))
    .option('--json', 'the same as --format json')
    .option(...LIBVIRT_OPTION)
    .action(async (o: { host?: string; hypervisor?: string; cache?: string; format: 'libvirt' | 'json'; json?: boolean; libvirt?: string }) => {
      if (!o.host === !o.hypervisor) throw new UsageError('domcapabilities needs exactly one of --host FILE, --hypervisor NAME');
      const json = o.json || o.format === 'json';
      let xml: string;
      if (o.hypervisor) {
        const r = await (await import('../hypervisor/commands.js')).cmdDomcapsForHypervisor(o.hypervisor, { ...(o.cache ? { cache: o.cache } : {}), ...(json ? { json: true } : {}) });
        if (r.exitCode !== 0 || json) return emit(r);
        xml = r.stdout;
      } else {
        const src = readHostFile(o.host!);
        const text = unwrap((await import('../libvirt/domcaps-host.js')).domcapsForHost(src.text, src.origin, { format: json ? 'json' : 'libvirt' }));
        if (json) return void process.stdout.write(text);
        xml = text;
      }
      const release = await libvirtTarget(o, facts);
      const { NEWEST_LIBVIRT, domCapsForRelease } = await import('../libvirt/release.js');
      const { readDomCapsCpu, writeDomainCapabilities } = await import('../libvirt/domcaps.js');
      const m = domCapsForRelease(readDomCapsCpu(xml, o.hypervisor ?? o.host!), release);
      note(m.notes);
      process.stdout.write(release.text === NEWEST_LIBVIRT.text ? xml : writeDomainCapabilities(m.value));
    });

  program
    .command('placement')
    .description('which hosts can run a guest, and why the others cannot')
    .requiredOption('--guest <guest>', 'domain XML or <cpu>, a QMP model JSON, a query-cpu-model reply, or a host document')
    .requiredOption('--hosts <paths...>', 'host descriptions: files or folders')
    .option('--json', 'machine-readable output')
    .option('--limit <n>', 'page the answer: classes per page (fitting first, then by host count; default 50 once paging)')
    .option('--hosts-per-class <n|all>', 'page the answer: host names listed per class (default 5 once paging)')
    .option('--cursor <cursor>', "the next page: the previous page's next cursor")
    .option(...SKIP_BAD_OPTION)
    .option(...LIBVIRT_OPTION)
    .action(async (o: { guest: string; hosts: string[]; json?: boolean; libvirt?: string; limit?: string; hostsPerClass?: string; cursor?: string; skipBad?: boolean }) => {
      gateAll([o.guest], 'guest file');
      const read = gate(o.hosts, 'host file', o);
      // without a paging option the whole answer, as before; with one, the service's pages
      const page =
        o.limit !== undefined || o.hostsPerClass !== undefined || o.cursor !== undefined
          ? { ...(o.limit !== undefined ? { limit: o.limit } : {}), ...(o.hostsPerClass !== undefined ? { hostsPerClass: o.hostsPerClass } : {}), ...(o.cursor !== undefined ? { cursor: o.cursor } : {}) }
          : undefined;
      emit(await releaseAware(o, facts, async () => (await import('../../fleet/commands.js')).cmdPlacement(o.guest, o.hosts, { ...(o.json ? { json: true } : {}), read, ...(page ? { page } : {}) }), !!o.json));
    });

  program
    .command('migrate-check')
    .description('the live-migration verdict before any attempt: ok, ok-with-changes, refused, or unknown where the verdict needs a host CPU that is not known (exit 0, 0, 1, 1; 2 on error)')
    .requiredOption('--guest <guest>', 'domain XML or <cpu>, a QMP model JSON, or the normalized model from query-cpu-model')
    .requiredOption('--target <target>', 'a host description or a cached hypervisor name')
    .option('--source <source>', 'a host description or a cached hypervisor name (needed for host-model and host-passthrough guests)')
    .option('--cache <dir>', 'capabilities cache folder, for hypervisor names')
    .option('--json', 'machine-readable output')
    .option(...LIBVIRT_OPTION)
    .action(async (o: { guest: string; target: string; source?: string; cache?: string; json?: boolean; libvirt?: string }) => {
      gateAll([o.guest], 'guest file');
      const read = gate([o.target, o.source], 'host file');
      const target = await hostPath(o.target, o.cache);
      const source = o.source ? await hostPath(o.source, o.cache) : undefined;
      emit(await releaseAware(o, facts, async () => (await import('../../fleet/commands.js')).cmdMigrateCheck({ guest: o.guest, target, ...(source ? { source } : {}), ...(o.json ? { json: true } : {}), read }), !!o.json));
    });

  program
    .command('upgrade-check')
    .description('forecast a QEMU upgrade R1 → R2: catalog change, host-models, the migration window, guests (exit 0 safe, 1 action needed, 2 error)')
    .requiredOption('--arch <arch>', 'architecture: s390x, x86_64, ppc64 or aarch64')
    .requiredOption('--from <release>', 'the QEMU release the fleet runs now')
    .requiredOption('--to <release>', 'the QEMU release it moves to')
    .option('--hosts <paths...>', 'host descriptions: files or folders')
    .option('--guests <paths...>', 'guests: domain XML or <cpu> files, or folders of them')
    .option('--json', 'machine-readable output')
    .option(...SKIP_BAD_OPTION)
    .option(...LIBVIRT_OPTION)
    .action(async (o: { arch: string; from: string; to: string; hosts?: string[]; guests?: string[]; json?: boolean; libvirt?: string; skipBad?: boolean }) => {
      const read = gate(o.hosts ?? [], 'host file', o);
      gateAll(o.guests ?? [], 'guest file');
      const { cmdUpgradeCheck } = await import('../../upgrade/command.js');
      emit(await releaseAware(o, facts, () => cmdUpgradeCheck({ arch: o.arch, from: o.from, to: o.to, ...(o.hosts ? { hosts: o.hosts } : {}), ...(o.guests ? { guests: o.guests } : {}), ...(o.json ? { json: true } : {}), read }), !!o.json));
    });

  const hv = program.command('hypervisor').description('the capabilities cache of hypervisors, filled over QMP (as libvirtd does at start-up)');
  hv.command('add <name> <target>')
    .description('probe a hypervisor and cache it: qmp:unix:PATH, qmp:tcp:HOST:PORT or exec:BINARY (a QEMU started with -machine none -S and stopped again)')
    .option('--cache <dir>', 'cache folder (default $XDG_CACHE_HOME/cpumodels/hypervisors)')
    .option('--force', 'probe again even if the cached record is current')
    .option('--timeout <ms>', 'QMP timeout in milliseconds', '10000')
    .option('--json', 'machine-readable output')
    .action(async (name: string, target: string, o: { cache?: string; force?: boolean; timeout: string; json?: boolean }) =>
      (await import('../hypervisor/commands.js')).cmdHypervisorAdd(name, target, { ...(o.cache ? { cache: o.cache } : {}), ...(o.force ? { force: true } : {}), timeoutMs: Number(o.timeout), ...(o.json ? { json: true } : {}) }).then(emit),
    );
  hv.command('list')
    .description('what is cached')
    .option('--cache <dir>', 'cache folder')
    .option('--json', 'machine-readable output')
    .action(async (o: { cache?: string; json?: boolean }) => (await import('../hypervisor/commands.js')).cmdHypervisorList({ ...(o.cache ? { cache: o.cache } : {}), ...(o.json ? { json: true } : {}) }).then(emit));

  const s390 = program.command('s390x').description('s390x-specific tools');
  s390
    .command('identify')
    .description('map (machine type, GA) to the model and back: --type 0x3906 --ga 1, or --model z14.2')
    .option('--type <type>', 'machine type, hex (0x3906 or 3906)')
    .option('--ga <ga>', 'GA level', '1')
    .option('--model <model>', 'model name (z14.2, z14.2-base …)')
    .addOption(new Option('--profile <profile>').default('latest'))
    .option('--json', 'machine-readable output')
    .action(async (o: { type?: string; ga: string; model?: string; profile: string; json?: boolean }) => {
      return cmdIdentify(o);
    });

  common(program.command('qmp').description('serve QMP like QEMU does (one of --stdio, --socket, --listen)'))
    .option('--cpu <model>', 'the guest CPU, MODEL[,feat=on|off…] (for query-cpu-model)')
    .option('--stdio', 'talk QMP on stdin/stdout')
    .option('--socket <path>', 'listen on a unix socket')
    .option('--listen <host:port>', 'listen on TCP')
    .option('--socket-mode <mode>', 'permissions of the unix socket, octal', '0600')
    .option('--strict', "only the commands QEMU itself has for this architecture (no extensions)")
    .action(async (o: Common & { cpu?: string; stdio?: boolean; socket?: string; listen?: string; socketMode: string; strict?: boolean }) => {
      const modes = [o.stdio, o.socket, o.listen].filter(Boolean).length;
      if (modes !== 1) throw new UsageError('qmp needs exactly one of --stdio, --socket PATH, --listen HOST:PORT');
      const service = await makeService(o, resolveCommon(o, facts));
      if (o.stdio) {
        const { serveStreams } = await import('../qmp/server.js');
        await serveStreams(service, { input: process.stdin, output: process.stdout });
        process.exitCode = 0;
        return;
      }
      const running = await listenOrSay(service, {
        ...(o.socket ? { socket: o.socket, socketMode: socketMode(o.socketMode) } : {}),
        ...(o.listen ? { listen: hostPort(o.listen) } : {}),
        quitStopsServer: true,
        onQuit: () => process.exit(0),
      });
      process.stderr.write(`cpumodels qmp: ${service.driver.arch} (${service.driver.accel}) on ${running.addresses.join(', ')}\n`);
      const stop = () => void running.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });

  common(program.command('serve').description('the main job: QMP server for this host on ./cpumodels.qmp and 127.0.0.1:4444'))
    .option('--socket <path>', 'unix socket', 'cpumodels.qmp')
    .option('--listen <host:port>', 'TCP address', '127.0.0.1:4444')
    .option('--socket-mode <mode>', 'permissions of the unix socket, octal', '0600')
    .option('--cpu <model>', 'the guest CPU for query-cpu-model')
    .option('--no-fleet', 'without the fleet service (HTTP on --fleet-listen, SQLite under ./data)')
    .option('--fleet-listen <host:port>', 'the fleet service\'s HTTP address', '127.0.0.1:8080')
    .action(async (o: Common & { socket: string; listen: string; socketMode: string; cpu?: string; fleet: boolean; fleetListen: string }) => {
      const r = resolveCommon(o, facts);
      const service = await makeService(o, r);
      const running = await listenOrSay(service, { socket: o.socket, socketMode: socketMode(o.socketMode), listen: hostPort(o.listen) });
      const hc = service.driver.hostCapability();
      print(`cpumodels ${VERSION}: QMP server for ${service.driver.arch} (${service.driver.accel}), max model ${String(hc.identity['model'])}`);
      for (const n of r.notes) print(`note: ${n}`);
      for (const a of running.addresses) print(`listening on ${a}`);
      print('talk to it, e.g.:');
      const example = service.driver.definitions().find((d) => d.static)?.name ?? service.driver.definitions()[0]?.name ?? 'max';
      print(`  (echo '{"execute":"qmp_capabilities"}'; echo '{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"${example}"}}}'; sleep 0.2) | nc -N ${hostPort(o.listen).host} ${hostPort(o.listen).port}`);
      print(`  socat - UNIX-CONNECT:${o.socket}`);
      // the fleet service beside it (docs/service.md); this host registers itself on first start
      // (a fleet service that cannot start, e.g. its port is taken, is a note: the QMP server keeps serving)
      const fleet = o.fleet
        ? await (await import('../../service/main.js')).runServer({ listen: o.fleetListen, registerThisHost: true }).catch((e: Error) => void print(`note: the fleet service did not start: ${e.message} (--fleet-listen, --no-fleet)`))
        : undefined;
      print('stop with Ctrl-C');
      const stop = () => void Promise.all([running.close(), fleet?.close()]).then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });

  // Kubernetes node labels and the probing agent (src/labels, src/agent), loaded only when asked for
  program
    .command('labels')
    .description("a host's Kubernetes node labels: KubeVirt's node-labeller scheme or Node Feature Discovery's, with cpumodels.io/host-model-migratability over a fleet")
    .requiredOption('--host <host>', 'a host description file, or a cached hypervisor name')
    .addOption(new Option('--scheme <scheme>', 'label scheme').choices(['kubevirt', 'nfd']).default('kubevirt'))
    .addOption(new Option('--format <format>', 'output form').choices(['json', 'yaml', 'kubectl', 'nfd-features']).default('json'))
    .option('--fleet <paths...>', 'host descriptions of the fleet (files or folders), for the migratability label')
    .option('--obsolete-models <list>', "KubeVirt's obsoleteCPUModels, comma-separated (replaces KubeVirt's defaults)")
    .option('--node <name>', 'the node name for --format kubectl')
    .option('--cache <dir>', 'capabilities cache folder, for hypervisor names')
    .option(...SKIP_BAD_OPTION)
    .action(async (o: { host: string; scheme: 'kubevirt' | 'nfd'; format: 'json' | 'yaml' | 'kubectl' | 'nfd-features'; fleet?: string[]; obsoleteModels?: string; node?: string; cache?: string; skipBad?: boolean }) => {
      gateAll([o.host], 'host file');
      if (o.skipBad && !o.fleet) throw new UsageError('--skip-bad is for host folders: labels --fleet');
      const read = o.fleet ? gate(o.fleet, 'host file', o) : undefined;
      const { cmdLabels } = await import('../../labels/command.js');
      const host = await hostPath(o.host, o.cache);
      const r = unwrap(cmdLabels({ host, scheme: o.scheme, format: o.format, ...(o.fleet ? { fleet: o.fleet } : {}), ...(read ? { read } : {}), ...(o.obsoleteModels !== undefined ? { obsolete: o.obsoleteModels.split(',').map((s) => s.trim()).filter(Boolean) } : {}), ...(o.node ? { node: o.node } : {}) }));
      if (r.stderr) process.stderr.write(r.stderr);
      process.stdout.write(r.stdout);
    });

  program
    .command('agent')
    .description("probe this host and keep its capability current in a fleet service: PUT at start, then only when the signature changes; retries with back-off")
    .requiredOption('--server <url>', 'the fleet service, e.g. http://fleet.example:8080')
    .requiredOption('--token-file <file>', 'the bearer token')
    .option('--interval <duration>', 'how often to probe (1h, 30m, 10s)', '1h')
    .option('--name <name>', 'the host name in the fleet (default: the hostname)')
    .option('--label <k=v...>', 'labels to store with the host (cluster=a rack=r12)')
    .addOption(new Option('--apply-labels [scheme]', "also set this node's Kubernetes labels from the service (GET /v1/hosts/NAME/labels), removing stale ones under cpumodels' prefixes").choices(['kubevirt', 'nfd']).preset('kubevirt'))
    .option('--obsolete-models <list>', "with --apply-labels kubevirt: KubeVirt's obsoleteCPUModels, comma-separated")
    .option('--kube-api <url>', 'with --apply-labels: the Kubernetes API server (default: the pod\'s service account)')
    .option('--kube-token-file <file>', 'with --apply-labels: a bearer token for --kube-api')
    .action(async (o: { server: string; tokenFile: string; interval: string; name?: string; label?: string[]; applyLabels?: string; obsoleteModels?: string; kubeApi?: string; kubeTokenFile?: string }) => {
      const { runAgent } = await import('../../agent/main.js');
      await runAgent(o).catch((e: Error) => {
        throw new UsageError(e.message);
      });
    });

  // the fleet service (src/service, docs/service.md), loaded only when asked for
  program
    .command('server')
    .description('the fleet service: hosts\' CPU capabilities over HTTP (default: SQLite under ./data, 127.0.0.1:8080)')
    .option('--db <url>', 'sqlite:PATH or postgres://…')
    .option('--listen <host:port>', 'HTTP address', '127.0.0.1:8080')
    .option('--data <dir>', 'data folder (SQLite database, token)', 'data')
    .option('--token-file <file>', 'the bearer token (default: DATA/token, made on first start)')
    .option('--query-cache <n>', 'answers kept per index version (0: none)', (v) => Number(v))
    .action(async (o: { db?: string; listen: string; data: string; tokenFile?: string; queryCache?: number }) => {
      const { runServer } = await import('../../service/main.js');
      const s = await runServer(o).catch((e: Error) => {
        throw new UsageError(e.message);
      });
      const stop = () => void s.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });

  return program;
}

/** A host argument: a file as it is, or a cached hypervisor's host document (written to a temporary file). */
async function hostPath(arg: string, cache?: string): Promise<string> {
  if (existsSync(arg)) return arg;
  const { defaultCacheDir, getHypervisor } = await import('../hypervisor/cache.js');
  const rec = await getHypervisor(arg, cache ?? defaultCacheDir());
  if (!rec.ok) throw new CpuModelException({ ...rec.error, message: `'${arg}' is neither a file nor a cached hypervisor: ${rec.error.message}` });
  if (!rec.value.hostDoc) throw new UsageError(`hypervisor '${arg}' has no host capability in the cache (probe it again)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-host-'));
  const file = path.join(dir, `${arg}.json`);
  writeFileSync(file, toJsonText(rec.value.hostDoc));
  return file;
}

function socketMode(s: string): number {
  if (!/^0?[0-7]{3}$/.test(s)) throw new UsageError(`--socket-mode '${s}' is not an octal mode such as 0600 or 0660`);
  return parseInt(s, 8);
}

/** listen(), with an address in use said in one line (exit 2) instead of a trace. */
async function listenOrSay(service: QmpService, opts: ListenOptions): Promise<RunningServer> {
  const { AddressInUseError, listen } = await import('../qmp/server.js');
  try {
    return await listen(service, opts);
  } catch (e) {
    if (e instanceof AddressInUseError) throw new UsageError(e.message);
    const err = e as NodeJS.ErrnoException;
    if (err.code) throw new UsageError(`cannot listen on ${opts.socket ? `unix:${opts.socket}` : ''}${opts.socket && opts.listen ? ' / ' : ''}${opts.listen ? `tcp:${opts.listen.host}:${opts.listen.port}` : ''}: ${err.code} (${err.message})`);
    throw e;
  }
}

function hostPort(s: string): { host: string; port: number } {
  const i = s.lastIndexOf(':');
  const host = i > 0 ? s.slice(0, i).replace(/^\[|\]$/g, '') : '127.0.0.1';
  const port = Number(i >= 0 ? s.slice(i + 1) : s);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`'${s}' is not HOST:PORT (port 0-65535)`);
  return { host, port };
}

async function makeService(o: Common & { cpu?: string; strict?: boolean }, r: Resolved): Promise<QmpService> {
  const driver = await driverFor(o, r);
  const { QmpService } = await import('../qmp/service.js');
  const guest = o.cpu ? spec(o.cpu) : { name: driver.accel === 'kvm' ? 'host' : ARCH_FACTS[driver.arch].tcgDefaultCpu };
  if (o.cpu) {
    // Like QEMU at start-up: a guest CPU the host cannot run is refused now.
    const m = driver.maskToHost(guest);
    if (!m.ok) throw new CpuModelException(m.error);
  }
  // the QEMU version the catalog's release stands for ('latest': the newest release)
  const [major = 0, minor = 0] = releaseOf(unwrap(checkProfile(o.profile ?? DEFAULT_PROFILE))).split('.').map(Number);
  return new QmpService({ driver, version: { qemu: { major, minor, micro: 0 }, package: `cpumodels ${VERSION}` }, guest, ...(o.strict ? { strict: true } : {}) });
}

export async function main(argv: string[], facts?: HostFacts): Promise<void> {
  // the composition root: the inner layers read and write libvirt XML through the libvirt adapter
  useLibvirtAdapter();
  // `cpumodels … | head`: a reader that goes away ends the command quietly (commander's help, the answers)
  endQuietlyOnBrokenPipe();
  const program = buildProgram(facts);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    reportError(e);
  }
}
