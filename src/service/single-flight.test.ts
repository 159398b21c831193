import { describe, expect, it } from 'vitest';
import { FleetService } from './service.js';
import type { Storage } from '../storage/storage.js';

/** A storage whose getHost answers after a delay and counts its calls. */
function slowStorage(): { storage: Storage; reads: string[] } {
  const reads: string[] = [];
  const storage = {
    async getHost(name: string) {
      reads.push(name);
      await new Promise((r) => setTimeout(r, 20));
      return name.startsWith('h') ? { name, doc: JSON.stringify({ name, arch: 'x86_64' }) } : undefined;
    },
  } as unknown as Storage;
  return { storage, reads };
}

describe('stored host documents: one read per name at a time', () => {
  it('concurrent requests for one host share one database read', async () => {
    const { storage, reads } = slowStorage();
    const svc = new FleetService(storage);
    const docs = await Promise.all(Array.from({ length: 50 }, () => svc.hostDoc('h1', 'target')));
    expect(reads).toEqual(['h1']);
    expect(new Set(docs).size).toBe(1);
    expect(docs[0]).toMatchObject({ name: 'h1' });
  });

  it('different hosts are read separately, and a finished read is not reused as in flight', async () => {
    const { storage, reads } = slowStorage();
    const svc = new FleetService(storage);
    await Promise.all([svc.hostDoc('h1', 'source'), svc.hostDoc('h2', 'target'), svc.hostDoc('h1', 'source')]);
    expect(reads.sort()).toEqual(['h1', 'h2']);
    await svc.hostDoc('h1', 'source'); // not in the index, so not remembered: read again
    expect(reads.filter((n) => n === 'h1')).toHaveLength(2);
  });

  it('an unknown host fails every waiter with the unknown-host error naming the field', async () => {
    const { storage, reads } = slowStorage();
    const svc = new FleetService(storage);
    const all = await Promise.allSettled([svc.hostDoc('zz', 'target'), svc.hostDoc('zz', 'target')]);
    expect(reads).toEqual(['zz']);
    for (const r of all) {
      expect(r.status).toBe('rejected');
      expect(String((r as PromiseRejectedResult).reason.message)).toContain("target: no host named 'zz'");
    }
  });
});
