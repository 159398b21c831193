/**
 * The child of the crash test: stores prepared host writes in batches, as
 * hosts:import does, and prints `ack NAME…` after each committed batch
 * (what the import's progress line acknowledges). The parent kills it with
 * SIGKILL at a random moment.
 *   node --import tsx crash-child.ts DB-URL WRITES.json BATCH
 */
import { readFileSync } from 'node:fs';
import { openStorage, type HostWrite } from '../../src/storage/storage.js';

const [url, file, batchArg] = process.argv.slice(2);
const writes = JSON.parse(readFileSync(file!, 'utf8')) as HostWrite[];
const batch = Number(batchArg ?? 5);
const s = await openStorage(url!);
process.stdout.write('ready\n');
for (let i = 0; i < writes.length; i += batch) {
  const part = writes.slice(i, i + batch);
  await s.putHosts(part);
  process.stdout.write(`ack ${part.map((w) => w.name).join(' ')}\n`);
}
await s.close();
process.stdout.write('done\n');
