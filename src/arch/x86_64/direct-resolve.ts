/**
 * What resolveCommon (adapters/cli/oneshot.ts) decides for an x86_64 one-shot command that
 * names at most --arch and --accel, in the form the direct paths
 * (adapters/cli/models-direct-main.ts, expand-direct.ts) can serve: TCG, or KVM with this
 * machine's host file; undefined for anything else (another architecture, an
 * accelerator resolveCommon refuses, KVM without a host), which the full path
 * answers, errors included.
 */
/** What of this machine the answer depends on (the CLI's HostFacts has these). */
export interface MachineFacts {
  arch(): string;
  kvm(): boolean;
  hostFile(): string | undefined;
}

export type X86Direct = { accel: 'tcg' } | { accel: 'kvm'; hostFile: string };

export function resolveX86Direct(o: { arch?: string | undefined; accel?: string | undefined }, facts: MachineFacts): X86Direct | undefined {
  const here = facts.arch();
  const arch = o.arch ?? here;
  if (arch !== 'x86_64') return undefined;
  const accel = o.accel ?? (arch === here && facts.kvm() ? 'kvm' : 'tcg');
  if (accel === 'tcg') return { accel };
  if (accel !== 'kvm' || arch !== here) return undefined;
  const hostFile = facts.hostFile();
  return hostFile === undefined || hostFile === '-' ? undefined : { accel, hostFile };
}

/**
 * argv after the command's words, when it holds only the given options
 * (each once, `--json` without a value) and `operands` plain operands; else
 * undefined.
 */
export function directArgs(rest: readonly string[], valued: readonly string[], operands: number): { opts: Map<string, string | true>; operands: string[] } | undefined {
  const opts = new Map<string, string | true>();
  const ops: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('-')) {
      if (opts.has(a)) return undefined;
      if (a === '--json') opts.set(a, true);
      else if (valued.includes(a)) {
        const v = rest[++i];
        if (v === undefined || v.startsWith('-')) return undefined;
        opts.set(a, v);
      } else return undefined;
    } else ops.push(a);
  }
  return ops.length === operands ? { opts, operands: ops } : undefined;
}

/**
 * The architecture of a command that names at most --arch and --accel, when
 * resolveCommon (adapters/cli/oneshot.ts) would run it under TCG: --arch,
 * else this machine's; --accel, else KVM when the architecture is this
 * machine's and /dev/kvm opens, else TCG. Undefined when it is not TCG.
 */
export function resolveTcgArch(o: { arch?: string | undefined; accel?: string | undefined }, facts: Pick<MachineFacts, 'arch' | 'kvm'>): string | undefined {
  const here = facts.arch();
  const arch = o.arch ?? here;
  const accel = o.accel ?? (arch === here && facts.kvm() ? 'kvm' : 'tcg');
  return accel === 'tcg' ? arch : undefined;
}

/**
 * What a stored answer (adapters/cli/expand-direct.ts) is of: x86_64 as
 * resolveX86Direct decides (TCG, or KVM with this machine's host file); any
 * other architecture under TCG only. Undefined for anything else.
 */
export function resolveStored(o: { arch?: string | undefined; accel?: string | undefined }, facts: MachineFacts): { arch: string; kvmHostFile?: string } | undefined {
  const x86 = resolveX86Direct(o, facts);
  if (x86) return x86.accel === 'kvm' ? { arch: 'x86_64', kvmHostFile: x86.hostFile } : { arch: 'x86_64' };
  const arch = resolveTcgArch(o, facts);
  return arch === undefined || arch === 'x86_64' ? undefined : { arch };
}
