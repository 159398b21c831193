/**
 * `cpumodels probe --compact FILE|DIR…`: every host description found,
 * as compact host documents, one per line (NDJSON).
 */
import { fail, ok, type Result } from '../core/errors.js';
import { readHostFiles } from '../fleet/commands.js';
import { toCompact } from './compact.js';

export interface CompactProbeOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function probeCompact(paths: readonly string[], opts: { arch?: string } = {}): Result<CompactProbeOutput> {
  const r = readHostFiles(paths);
  if (!r.ok) return r;
  const lines: string[] = [];
  for (const { doc, file } of r.value.inputs) {
    if (opts.arch && doc.arch !== opts.arch) {
      return fail({ code: 'mixed-arch', message: `${file} describes an ${doc.arch} host, not ${opts.arch}`, value: file });
    }
    const c = toCompact(doc);
    if (!c.ok) return c;
    lines.push(JSON.stringify(c.value));
  }
  return ok({ stdout: lines.join('\n') + '\n', stderr: r.value.warnings.join(''), exitCode: 0 });
}
