/**
 * Replaying stored QEMU records through an in-process QMP session.
 */
import { replyDiff } from './reference.js';
import { TestSession } from './qmp.js';
import type { QmpService } from '../../src/adapters/qmp/service.js';
import { toJsonText } from '../../src/core/qmp-json.js';

/** Send every record's request; return a description of each disagreement. */
export function replay(service: QmpService, records: { request: unknown; reply: unknown }[], label: (r: any) => string): string[] {
  const s = new TestSession(service);
  const failures: string[] = [];
  for (const r of records) {
    const d = replyDiff(s.ask(r.request), r.reply);
    if (d) failures.push(`${label(r)}: ${d}`);
  }
  return failures;
}

/** Replay errors.json records line by line: the same number of replies, errors exactly (query-version's content is ours). */
export function replayErrors(service: QmpService, records: { case: string; lines: string[]; replies: unknown[] }[]): string[] {
  const norm = (x: any) => (x && x.return && x.return.qemu ? { return: 'version' } : x);
  const failures: string[] = [];
  for (const r of records) {
    const s = new TestSession(service);
    for (const line of r.lines) s.send(line);
    const ours = s.take().map(norm);
    const theirs = r.replies.map(norm);
    // errors compare exactly (class and desc are strings); return values as the oracle defines
    const d = ours.length === theirs.length ? ours.map((o, i) => replyDiff(o, theirs[i], `[${i}]`)).find((x) => x) : `${ours.length} replies vs ${theirs.length}`;
    if (d) failures.push(`${r.case}: ${d}; ours ${toJsonText(ours).slice(0, 300)} vs ${toJsonText(theirs).slice(0, 300)}`);
  }
  return failures;
}

/** Definitions compared as a map by name. */
export function definitionsDiff(ours: any[], theirs: any[]): string | null {
  const byName = (l: any[]) => Object.fromEntries(l.map((d) => [d.name, d]));
  return replyDiff(byName(ours), byName(theirs));
}
