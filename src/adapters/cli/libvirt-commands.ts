/**
 * `cpu-baseline` and `cpu-compare` the way virsh does them, for x86_64,
 * without libvirt: file reading and printing here, the semantics in
 * src/arch/x86_64/libvirt-cpu.ts.
 *
 * What a file may hold (virsh's rule: the text is read as if wrapped in one
 * container element, so several top-level `<cpu>` elements are fine):
 *   - one or more `<cpu>` elements at the top level,
 *   - a domain XML (`<domain><cpu>`),
 *   - a capabilities XML (`<capabilities><host><cpu>`),
 *   - a domain capabilities XML: its `<mode name='host-model' supported='yes'>`
 *     is taken as a CPU of the document's `<arch>` (virsh 9.0 rejects that
 *     one for cpu-baseline as it has no `<arch>`; we accept it and honour its
 *     require/disable policies).
 *
 * Output and exit codes follow virsh 9.0, except that a file that cannot be
 * read as a CPU description (unreadable, empty, binary, a DTD, malformed or
 * truncated XML, no <cpu>) is bad input: one line naming it, exit 2.
 *   cpu-baseline: the `<cpu>` followed by an empty line, exit 0; errors go to
 *     stderr as "error: …", exit 1.
 *   cpu-compare: "CPU described in FILE is identical to host CPU" (exit 0),
 *     "Host CPU is a superset of CPU described in FILE" (exit 0),
 *     "CPU described in FILE is incompatible with host CPU" (exit 1),
 *     "error: Failed to compare host CPU with FILE" + the reason (exit 1) for
 *     libvirt's ERROR (unknown model/feature …). With `error: true` (virsh's
 *     --error) an incompatible CPU is reported as an error with the reason.
 *   virsh cannot be asked with the test driver (it does not implement
 *   virConnectCompareCPU); the convention is virsh's cmdCPUCompare: only
 *   INCOMPATIBLE and ERROR make the command fail.
 *
 * Reading the CPUs of a file is the libvirt adapter's (adapters/libvirt/extract-cpus.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError, MAX_INPUT_BYTES, readInput } from './input.js';
import { LibvirtXmlError, writeCpu, type LibvirtCpu } from '../libvirt/cpu-xml.js';
import { extractCpus, READ_CHUNK, tallyOf, tallyOfReads, type CpuTally } from '../libvirt/extract-cpus.js';
import { baselineCpus, compareCpus, formatLibvirtError, type LibvirtCpuType } from '../../arch/x86_64/libvirt-cpu.js';

export interface CommandOutput {
  stdout: string;
  /** virsh prints errors on stderr; empty when there is none */
  stderr: string;
  exitCode: number;
}

function readText(file: string): string {
  try {
    return readInput(file, 'CPU file');
  } catch (e) {
    if (e instanceof InputError) throw new LibvirtXmlError(e.message, file);
    throw e;
  }
}


/**
 * A fleet file of top-level `<cpu>` elements, read a piece at a time and
 * never held whole: each 64 KiB piece goes to the element reader, which keeps
 * only the tally (each distinct CPU at its first element). Undefined when the file
 * is anything else — not plain ASCII, or what the input gate refuses (a DTD,
 * NUL bytes, '__proto__'), or another document shape, or a piece the fast
 * reader does not recognise: the caller then reads the whole file through the
 * gate and the full XML parser, which answer as they always did.
 */
function streamCpus(file: string): CpuTally | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size === 0 || st.size > MAX_INPUT_BYTES) return undefined;
    let total = 0;
    // -1 ends the reading early (too big)
    return tallyOfReads((buf, at) => {
      const n = readSync(fd, buf, at, READ_CHUNK, null);
      total += n;
      return total > MAX_INPUT_BYTES ? -1 : n;
    }, file, READ_CHUNK);
  } catch (e) {
    if (e instanceof LibvirtXmlError) throw e;
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** libvirt's refusals (incompatible, unknown names): exit 1 as virsh; a file that cannot be read as XML: exit 2 (bad input). */
const errorOut = (lines: string[], exitCode = 1): CommandOutput => ({ stdout: '', stderr: lines.map((l) => `error: ${l}\n`).join(''), exitCode });

/**
 * `virsh cpu-baseline [--features] [--migratable] FILE…`: the baseline of
 * every CPU in the files, as libvirt's `<cpu>`.
 */
export function cmdBaseline(files: string[], opts: { features?: boolean; migratable?: boolean } = {}): CommandOutput {
  if (!files.length) return errorOut(['cpu-baseline needs at least one FILE']);
  // every file's CPUs as one list's tally: each distinct CPU object once, at its first place (a fleet
  // file of 100,000 copies is one CPU); the baseline answers as for the whole list
  const cpus: LibvirtCpu[] = [];
  const positions: number[] = [];
  let total = 0;
  const guestForm = new Set<LibvirtCpu>();
  for (const file of files) {
    let got: CpuTally;
    try {
      const streamed = streamCpus(file);
      if (streamed) got = streamed;
      else {
        const x = extractCpus(readText(file), file);
        got = tallyOf(x.cpus);
        for (const c of x.guestForm) guestForm.add(c);
      }
    } catch (e) {
      if (e instanceof LibvirtXmlError) return errorOut([e.message], 2);
      throw e;
    }
    for (let k = 0; k < got.distinct.length; k++) {
      const c = got.distinct[k]!;
      // virsh parses baseline input as host CPUs: <arch> is required
      if (c.arch === undefined) {
        return errorOut([`${file}: <cpu>${c.model ? `<model>${c.model.name}</model>` : ''}: missing CPU architecture (cpu-baseline reads host CPU definitions, which carry <arch>x86_64</arch>)`]);
      }
      cpus.push(c);
      positions.push(total + got.positions[k]!);
    }
    total += got.total;
  }
  const typeOf = guestForm.size ? (c: LibvirtCpu): LibvirtCpuType | undefined => (guestForm.has(c) ? 'guest' : undefined) : undefined;
  const r = baselineCpus(cpus, { features: !!opts.features, migratable: !!opts.migratable, positions, total, ...(typeOf ? { typeOf } : {}) });
  if (!r.ok) return errorOut([formatLibvirtError(r.error)]);
  return { stdout: writeCpu(r.value) + '\n', stderr: '', exitCode: 0 };
}

/**
 * `virsh cpu-compare FILE` against the host CPU described in `hostFile`
 * (a capabilities XML or a `<cpu>`): the first CPU of each file is used.
 */
export function cmdCompare(hostFile: string, guestFile: string, opts: { error?: boolean } = {}): CommandOutput {
  let host: LibvirtCpu;
  let guest: LibvirtCpu;
  try {
    host = extractCpus(readText(hostFile), hostFile).cpus[0]!;
  } catch (e) {
    if (e instanceof LibvirtXmlError) return errorOut([e.message], 2);
    throw e;
  }
  try {
    guest = extractCpus(readText(guestFile), guestFile).cpus[0]!;
  } catch (e) {
    if (e instanceof LibvirtXmlError) return errorOut([`Failed to compare host CPU with ${guestFile}: ${e.message}`], 2);
    throw e;
  }
  const r = compareCpus(host, guest);
  if (!r.ok) return errorOut([`Failed to compare host CPU with ${guestFile}`, formatLibvirtError(r.error)]);
  switch (r.value.result) {
    case 'IDENTICAL':
      return { stdout: `CPU described in ${guestFile} is identical to host CPU\n`, stderr: '', exitCode: 0 };
    case 'SUPERSET':
      return { stdout: `Host CPU is a superset of CPU described in ${guestFile}\n`, stderr: '', exitCode: 0 };
    case 'INCOMPATIBLE':
      if (opts.error) {
        return errorOut([`Failed to compare host CPU with ${guestFile}`, `the CPU is incompatible with host CPU: ${r.value.reason ?? 'unknown reason'}`]);
      }
      return { stdout: `CPU described in ${guestFile} is incompatible with host CPU\n`, stderr: '', exitCode: 1 };
  }
}
