/**
 * The QMP command table: parse the request (QAPI rules), call the driver,
 * format the reply. No transport here; see session.ts and server.ts.
 */
import type { CpuDriver, ModelInfo } from '../../core/driver.js';
import { qmpClassOf, type CpuModelError } from '../../core/errors.js';
import { CPU_MODEL_INFO, QapiError, visitArguments, type QapiField } from './qapi.js';
import { qdictOrder, RawJson, toQmpJson } from '../../core/qmp-json.js';

export type QmpReply = { return: unknown } | { error: { class: string; desc: string } };

export interface QmpVersion {
  qemu: { major: number; minor: number; micro: number };
  package: string;
}

export interface GuestCpu {
  /** The guest model as configured (-cpu). */
  requested: ModelInfo;
}

export interface QmpServiceOptions {
  driver: CpuDriver;
  version: QmpVersion;
  /** The configured guest CPU, for query-cpu-model. */
  guest?: ModelInfo;
  /**
   * Offer only the commands QEMU itself has for this architecture (no
   * query-cpu-model, no comparison/baseline where QEMU lacks them).
   */
  strict?: boolean;
}

/** CPU-model commands that are ours when QEMU lacks them. */
const CPU_MODEL_COMMANDS = ['query-cpu-definitions', 'query-cpu-model-expansion', 'query-cpu-model-comparison', 'query-cpu-model-baseline', 'query-cpu-model'];

interface Command {
  args: readonly QapiField[];
  run(args: Record<string, unknown>): QmpReply;
}

const generic = (desc: string): QmpReply => ({ error: { class: 'GenericError', desc } });
const fromError = (e: CpuModelError): QmpReply => ({ error: { class: qmpClassOf(e), desc: e.message } });

/** props keys in the order QEMU would apply them (QDict order). */
function qemuOrdered(info: Record<string, unknown>): ModelInfo {
  const name = info['name'] as string;
  const props = info['props'];
  if (props === undefined) return { name };
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return { name, props: props as Record<string, unknown> };
  const ordered: Record<string, unknown> = {};
  for (const k of qdictOrder(Object.keys(props))) ordered[k] = (props as Record<string, unknown>)[k];
  return { name, props: ordered };
}

export class QmpService {
  readonly driver: CpuDriver;
  readonly version: QmpVersion;
  readonly guest: ModelInfo;
  private readonly commands: Map<string, Command>;
  private definitionsJson: RawJson | undefined;
  private readonly expansionCache = new Map<string, QmpReply>();

  constructor(opts: QmpServiceOptions) {
    this.driver = opts.driver;
    this.version = opts.version;
    this.guest = opts.guest ?? { name: 'host' };
    const d = this.driver;
    const modelPair: QapiField[] = [
      { name: 'modela', type: CPU_MODEL_INFO },
      { name: 'modelb', type: CPU_MODEL_INFO },
    ];
    this.commands = new Map<string, Command>([
      ['query-version', { args: [], run: () => ({ return: this.version }) }],
      ['query-commands', { args: [], run: () => ({ return: this.commandNames().map((name) => ({ name })) }) }],
      ['query-target', { args: [], run: () => ({ return: { arch: d.arch } }) }],
      ['query-kvm', { args: [], run: () => ({ return: { enabled: d.accel === 'kvm', present: d.accel === 'kvm' } }) }],
      // The definitions never change for a configuration: serialize them once.
      ['query-cpu-definitions', { args: [], run: () => ({ return: (this.definitionsJson ??= new RawJson(toQmpJson(d.definitions()))) }) }],
      [
        'query-cpu-model-expansion',
        {
          args: [
            { name: 'type', type: { enum: ['static', 'full'] } },
            { name: 'model', type: CPU_MODEL_INFO },
          ],
          run: (a) => {
            const type = a['type'] as 'static' | 'full';
            const model = qemuOrdered(a['model'] as Record<string, unknown>);
            // an expansion without props depends only on the name: answer it from a cache
            const key = model.props === undefined ? `${type}\0${model.name}` : undefined;
            const hit = key !== undefined ? this.expansionCache.get(key) : undefined;
            if (hit) return hit;
            let reply: QmpReply;
            if (d.expandJson) {
              const r = d.expandJson(type, model);
              reply = r.ok ? { return: new RawJson(r.value) } : fromError(r.error);
            } else {
              const r = d.expand(type, model);
              reply = r.ok ? { return: r.value } : fromError(r.error);
            }
            if (key !== undefined && 'return' in reply && this.expansionCache.size < 4096) {
              this.expansionCache.set(key, { return: new RawJson(toQmpJson(reply.return)) });
            }
            return reply;
          },
        },
      ],
      [
        'query-cpu-model-comparison',
        {
          args: modelPair,
          run: (a) => {
            const r = d.compare(qemuOrdered(a['modela'] as Record<string, unknown>), qemuOrdered(a['modelb'] as Record<string, unknown>));
            return r.ok ? { return: r.value } : fromError(r.error);
          },
        },
      ],
      [
        'query-cpu-model-baseline',
        {
          args: modelPair,
          run: (a) => {
            const r = d.baseline(qemuOrdered(a['modela'] as Record<string, unknown>), qemuOrdered(a['modelb'] as Record<string, unknown>));
            return r.ok ? { return: r.value } : fromError(r.error);
          },
        },
      ],
      ['query-cpu-model', { args: [], run: () => this.queryCpuModel() }],
    ]);
    if (opts.strict) {
      for (const c of CPU_MODEL_COMMANDS) if (!d.qemuCommands.includes(c)) this.commands.delete(c);
    }
  }

  commandNames(): string[] {
    return ['qmp_capabilities', 'quit', ...this.commands.keys()].sort();
  }

  has(name: string): boolean {
    return this.commands.has(name);
  }

  /** Run a command that exists, with its arguments dict. */
  run(name: string, args: Record<string, unknown>): QmpReply {
    const cmd = this.commands.get(name);
    if (!cmd) return { error: { class: 'CommandNotFound', desc: `The command ${name} has not been found` } };
    let visited: Record<string, unknown>;
    try {
      visited = visitArguments(cmd.args, args);
    } catch (e) {
      if (e instanceof QapiError) return generic(e.message);
      throw e;
    }
    return cmd.run(visited);
  }

  /**
   * query-cpu-model: the normalized model of the configured guest CPU, i.e.
   * the guest as it runs here (requested ∩ host, strictly), as the best
   * static model plus delta, with its signature.
   */
  queryCpuModel(): QmpReply {
    const d = this.driver;
    const masked = d.maskToHost(this.guest);
    if (!masked.ok) return fromError(masked.error);
    const n = d.normalize(masked.value);
    const props: Record<string, boolean> = {};
    for (const f of n.removed) props[f] = false;
    for (const f of n.added) props[f] = true;
    const model: ModelInfo = Object.keys(props).length ? { name: n.base, props } : { name: n.base };
    return { return: { model, signature: n.signature, name: n.display, requested: this.guest } };
  }
}
