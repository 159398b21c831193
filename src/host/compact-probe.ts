/**
 * `cpumodels probe --compact FILE|DIR…`: every host description found,
 * as compact host documents, one per line (NDJSON).
 */
import { fail, ok, type Result } from '../core/errors.js';
import { visitHostFiles, type ReadText } from '../fleet/commands.js';
import { toCompact } from './compact.js';

export interface CompactProbeOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function probeCompact(paths: readonly string[], opts: { arch?: string; read?: ReadText } = {}): Result<CompactProbeOutput> {
  const lines: string[] = [];
  // each host as it is read (an NDJSON file of verbose documents is never held whole)
  const r = visitHostFiles(
    paths,
    ({ doc, file }) => {
      if (opts.arch && doc.arch !== opts.arch) {
        return fail({ code: 'mixed-arch', message: `${file} describes an ${doc.arch} host, not ${opts.arch}`, value: file });
      }
      const c = toCompact(doc);
      if (c.ok) lines.push(JSON.stringify(c.value));
      return c;
    },
    opts.read,
  );
  if (!r.ok) return r;
  return ok({ stdout: lines.join('\n') + '\n', stderr: r.value.warnings.join(''), exitCode: 0 });
}
