/**
 * What the CLI takes from the machine it runs on when the user does not
 * say: the architecture (--arch), whether KVM can be used (--accel) and
 * which libvirt release is installed (--libvirt). Detected once, lazily;
 * tests pass their own HostFacts instead.
 */
import { createRequire } from 'node:module';
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { archOfNode } from '../../arch/facts.js';
import { parseLibvirtRelease, type LibvirtRelease } from '../libvirt/release-version.js';

export interface HostFacts {
  /** QEMU's name for this machine's architecture (x86_64, s390x, ppc64, aarch64, …) */
  arch(): string;
  /** /dev/kvm can be opened for reading and writing */
  kvm(): boolean;
  /** the installed libvirt's release (virsh --version, else libvirtd --version); undefined when neither answers */
  libvirt(): Promise<LibvirtRelease | undefined>;
  /** this machine's host description for KVM (/proc/cpuinfo), when there is one */
  hostFile(): string | undefined;
}

/** The user's home folder (node:os loaded only when HOME does not say: a one-shot answer's start-up does not load it). */
const homedir = (): string => (createRequire(import.meta.url)('node:os') as typeof import('node:os')).homedir();

/** Node's process.arch → QEMU's target name, for machines outside the four architectures where the names differ (arm, riscv64 … are the same). */
const QEMU_NAME_OF_NODE_ARCH: Readonly<Record<string, string>> = { ia32: 'i386' };

/** Node's process.arch → QEMU's target name: an architecture's facts record says its Node name (ppc64 is QEMU's name for both endiannesses). */
export function qemuArchOf(nodeArch: string): string {
  return archOfNode(nodeArch)?.arch ?? (Object.hasOwn(QEMU_NAME_OF_NODE_ARCH, nodeArch) ? QEMU_NAME_OF_NODE_ARCH[nodeArch]! : nodeArch);
}

function canOpenKvm(): boolean {
  try {
    closeSync(openSync('/dev/kvm', constants.O_RDWR));
    return true;
  } catch {
    return false;
  }
}

/** The first release printed by `virsh --version` or `libvirtd --version` (each given 3 s). */
export async function askLocalLibvirt(run: (cmd: string, args: string[]) => string | undefined | Promise<string | undefined> = remembered(runQuietly)): Promise<LibvirtRelease | undefined> {
  for (const cmd of ['virsh', 'libvirtd']) {
    const out = await run(cmd, ['--version']);
    if (!out) continue;
    const r = parseLibvirtRelease(out);
    if (r.ok) return r.value;
  }
  return undefined;
}

/** The user's cache folder of cpumodels: ${XDG_CACHE_HOME:-~/.cache}/cpumodels (a relative XDG_CACHE_HOME is ignored, as the XDG spec says). */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env['HOME'] && path.isAbsolute(env['HOME']) ? env['HOME'] : homedir(), '.cache');
  return path.join(base, 'cpumodels');
}

/** userCacheDir()/libvirt-version.json */
export function versionCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userCacheDir(env), 'libvirt-version.json');
}

/** The program PATH would run for a bare name, and what identifies that file's content (device, inode, size, change time); undefined when not found. */
function onPath(cmd: string, env: NodeJS.ProcessEnv): { file: string; id: string } | undefined {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const file = path.join(dir, cmd);
    try {
      const st = statSync(file);
      if (st.isFile() && st.mode & 0o111) return { file, id: `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` };
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * `PROGRAM --version` answered from a small cache file while the program PATH
 * finds is the same file (same inode, size, modification and change time: a
 * package upgrade replaces it), else run and remembered. A one-shot command
 * then starts no process to learn the installed libvirt (`virsh --version`
 * costs ~20 ms and a fork). Best effort: a cache that cannot be read or
 * written only means running the program.
 */
export function remembered(run: (cmd: string, args: string[]) => Promise<string | undefined>, env: NodeJS.ProcessEnv = process.env): (cmd: string, args: string[]) => Promise<string | undefined> {
  return async (cmd, args) => {
    const bin = args.length === 1 && args[0] === '--version' ? onPath(cmd, env) : undefined;
    if (!bin) return run(cmd, args);
    const cacheFile = versionCacheFile(env);
    let cache: Record<string, { id: string; out: string }> = {};
    try {
      const got: unknown = JSON.parse(readFileSync(cacheFile, 'utf8'));
      if (got && typeof got === 'object' && !Array.isArray(got)) cache = got as typeof cache;
    } catch {
      /* none yet, or unreadable: asked afresh */
    }
    const hit = Object.hasOwn(cache, bin.file) ? cache[bin.file] : undefined;
    if (hit && hit.id === bin.id && typeof hit.out === 'string') return hit.out;
    const out = await run(cmd, args);
    if (out !== undefined) {
      try {
        mkdirSync(path.dirname(cacheFile), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}`;
        writeFileSync(tmp, JSON.stringify({ ...cache, [bin.file]: { id: bin.id, out } }) + '\n');
        renameSync(tmp, cacheFile);
      } catch {
        /* read-only home: asked again next time */
      }
    }
    return out;
  };
}

/** A command's stdout when it exits 0; run beside our own work (a one-shot command does not wait for virsh to start before it computes). */
function runQuietly(cmd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      // child_process is loaded only when virsh is asked (a few ms of every start-up otherwise)
      const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
      const child = spawn(cmd, args, { timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', () => resolve(undefined));
      child.on('close', (code) => resolve(code === 0 ? out : undefined));
    } catch {
      resolve(undefined);
    }
  });
}

function once<T>(f: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v;
  };
}

/**
 * This machine, asked at most once per question. CPUMODELS_ASSUME_ARCH,
 * CPUMODELS_ASSUME_KVM (1/0), CPUMODELS_ASSUME_HOST (a host file) and
 * CPUMODELS_ASSUME_LIBVIRT (X.Y, or "none") replace an answer: for tests,
 * and to see what another machine would get.
 */
export function detectHostFacts(env: NodeJS.ProcessEnv = process.env): HostFacts {
  const assumed = (k: string): string | undefined => (env[k] !== undefined && env[k] !== '' ? env[k] : undefined);
  const lv = assumed('CPUMODELS_ASSUME_LIBVIRT');
  const host = assumed('CPUMODELS_ASSUME_HOST');
  return {
    arch: once(() => assumed('CPUMODELS_ASSUME_ARCH') ?? qemuArchOf(process.arch)),
    kvm: once(() => (assumed('CPUMODELS_ASSUME_KVM') !== undefined ? assumed('CPUMODELS_ASSUME_KVM') === '1' : canOpenKvm())),
    libvirt: once(async () => {
      if (lv === 'none') return undefined;
      if (lv !== undefined) {
        const r = parseLibvirtRelease(lv);
        return r.ok ? r.value : undefined;
      }
      return askLocalLibvirt();
    }),
    hostFile: () => host ?? (existsSync('/proc/cpuinfo') ? '/proc/cpuinfo' : undefined),
  };
}

/** Fixed facts (tests, or a caller that already knows). */
export function fixedHostFacts(f: { arch: string; kvm?: boolean; libvirt?: LibvirtRelease; hostFile?: string }): HostFacts {
  return { arch: () => f.arch, kvm: () => f.kvm ?? false, libvirt: async () => f.libvirt, hostFile: () => f.hostFile };
}
