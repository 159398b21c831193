/**
 * Drive an in-process QMP session: lines in, parsed replies out.
 */
import { createDriver } from '../../src/arch/index.js';
import { unwrap } from '../../src/core/errors.js';
import type { ModelInfo } from '../../src/core/driver.js';
import { QmpService } from '../../src/adapters/qmp/service.js';
import { QmpSession } from '../../src/adapters/qmp/session.js';
import { parseJsonExact } from '../../src/adapters/qmp/json-stream.js';
import { toJsonText } from '../../src/core/qmp-json.js';

export function makeService(opts: { arch?: string; accel?: string; profile?: string; guest?: ModelInfo; host?: { text: string; origin: string }; strict?: boolean } = {}): QmpService {
  const driver = unwrap(createDriver({ arch: opts.arch ?? 's390x', accel: opts.accel ?? 'tcg', profile: opts.profile ?? '7.2', ...(opts.host ? { host: opts.host } : {}) }));
  return new QmpService({ driver, version: { qemu: { major: 7, minor: 2, micro: 0 }, package: 'cpumodels test' }, ...(opts.guest ? { guest: opts.guest } : {}), ...(opts.strict ? { strict: true } : {}) });
}

export class TestSession {
  readonly out: string[] = [];
  readonly session: QmpSession;
  constructor(service: QmpService, negotiate = true) {
    this.session = new QmpSession(service, { send: (l) => this.out.push(l) });
    if (negotiate) {
      this.send('{"execute":"qmp_capabilities"}');
      this.take();
    }
  }
  send(text: string): void {
    this.session.feed(text.endsWith('\n') ? text : text + '\n');
  }
  take(): any[] {
    const r = this.out.splice(0).map((l) => parseJsonExact(l));
    return r;
  }
  takeRaw(): string[] {
    return this.out.splice(0);
  }
  /** Send one request, return its single reply. */
  ask(req: unknown): any {
    this.send(typeof req === 'string' ? req : toJsonText(req));
    const r = this.take();
    if (r.length !== 1) throw new Error(`expected one reply, got ${r.length}: ${toJsonText(r)}`);
    return r[0];
  }
}
