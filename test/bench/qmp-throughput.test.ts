/**
 * The QMP benchmarks' pump (bench/qmp-throughput.ts) against a fake server:
 * it counts replies, split lines, unusual lines and errors, skips events,
 * and leaves the client usable.
 */
import { describe, expect, it } from 'vitest';
import { throughput } from '../../bench/qmp-throughput.js';
import { QmpClient } from '../../src/adapters/qmp/client.js';
import { cleanups, fakeServer } from '../helpers/fake-qmp.js';

describe('throughput()', () => {
  it('counts replies (including split and unusual lines) and errors', async () => {
    let n = 0;
    const srv = await fakeServer((msg, _send, sock) => {
      n++;
      let text: string;
      if (n % 10 === 0) text = JSON.stringify({ error: { class: 'GenericError', desc: 'x' }, id: msg.id });
      else if (n % 7 === 0) text = JSON.stringify({ id: msg.id ?? null, return: {} }); // unusual key order
      else text = JSON.stringify({ return: { big: 'y'.repeat(n % 3 === 0 ? 70000 : 3) }, id: msg.id });
      if (n % 5 === 0) text = JSON.stringify({ timestamp: {}, event: 'X' }) + '\n' + text;
      // Split the reply in two writes to exercise the prefix/line assembly.
      sock.write(text.slice(0, 4));
      sock.write(text.slice(4) + '\n');
    });
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    const r = await throughput(c, ['{"execute":"a"}', '{"execute":"b"}'], { durationMs: 300, window: 8 });
    expect(r.replies).toBeGreaterThan(10);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.errors).toBeLessThanOrEqual(Math.ceil(r.replies / 10) + 1);
    expect(r.perSecond).toBeGreaterThan(0);
    // Everything was drained: the client is usable again for normal commands.
    const served = n;
    expect(await c.execute('z')).toHaveProperty('id');
    expect(n).toBe(served + 1);
  });

  it('rejects a reply line that is not JSON, and an empty request list', async () => {
    const srv = await fakeServer((_msg, _send, sock) => sock.write('{"event" oops\n'));
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    await expect(throughput(c, ['{"execute":"a"}'], { durationMs: 100, window: 1 })).rejects.toThrow(/invalid JSON from server: \{"event" oops/);
    await expect(throughput(c, [], { durationMs: 100 })).rejects.toThrow(/needs at least one request/);
  });
});
