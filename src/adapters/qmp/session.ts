/**
 * One QMP conversation, transport-free: text in, reply lines out.
 *
 * It follows QEMU's monitor: a greeting, capabilities negotiation (only
 * qmp_capabilities before it), QEMU's checks of the request object, `id`
 * echoed, errors as {class, desc}. The JSON reader is QEMU's streaming one
 * (objects across lines, several per line, single quotes), bounded per line.
 */
import { JsonStream } from './json-stream.js';
import { QmpDouble, qdictOrder, toQmpJson } from '../../core/qmp-json.js';
import { QapiError, QMP_CAPABILITIES_ARGS, visitArguments } from './qapi.js';
import type { QmpReply, QmpService } from './service.js';

/** A JSON object (a boxed whole-valued double is a number, not an object). */
const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof QmpDouble);

export interface QmpSessionOptions {
  /** Called with each outgoing message, already serialized, without newline. */
  send: (line: string) => void;
  /** Called after `quit` has been answered. */
  onQuit?: () => void;
  maxLineBytes?: number;
  now?: () => number;
}

export class QmpSession {
  private negotiated = false;
  private oob = false;
  private closed = false;
  private readonly stream: JsonStream;

  constructor(
    private readonly service: QmpService,
    private readonly opts: QmpSessionOptions,
  ) {
    this.stream = new JsonStream({ maxLineBytes: opts.maxLineBytes ?? 1 << 20 });
  }

  greeting(): string {
    return toQmpJson({ QMP: { version: this.service.version, capabilities: ['oob'] } });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Feed received text. */
  feed(text: string): void {
    if (this.closed) return;
    this.handleEvents(this.stream.push(text));
  }

  /** End of input. */
  end(): void {
    if (this.closed) return;
    this.handleEvents(this.stream.end());
  }

  private handleEvents(events: ReturnType<JsonStream['push']>): void {
    for (const ev of events) {
      if (this.closed) return;
      if (ev.kind === 'error') {
        this.opts.send(toQmpJson({ error: { class: 'GenericError', desc: ev.desc } }));
      } else {
        this.handleRequest(ev.value);
      }
    }
  }

  /** QEMU's qmp_dispatch, for one parsed request. */
  handleRequest(req: unknown): void {
    if (!isDict(req)) {
      this.reply({ error: { class: 'GenericError', desc: 'QMP input must be a JSON object' } }, undefined);
      return;
    }
    const hasId = Object.prototype.hasOwnProperty.call(req, 'id');
    const id = hasId ? req['id'] : undefined;
    let reply: QmpReply;
    try {
      reply = this.dispatch(req);
    } catch (e) {
      // A bug of ours must not take the connection (or the server) down.
      reply = { error: { class: 'GenericError', desc: `internal error: ${e instanceof Error ? e.message : String(e)}` } };
    }
    if (!this.negotiated && 'error' in reply && reply.error.class === 'CommandNotFound') {
      reply = { error: { class: 'CommandNotFound', desc: "Expecting capabilities negotiation with 'qmp_capabilities'" } };
    }
    this.reply(reply, hasId ? { id } : undefined);
    if (this.quitting) {
      this.closed = true;
      this.opts.send(
        toQmpJson({ timestamp: this.timestamp(), event: 'SHUTDOWN', data: { guest: false, reason: 'host-qmp-quit' } }),
      );
      this.opts.onQuit?.();
    }
  }

  private quitting = false;

  private timestamp(): { seconds: number; microseconds: number } {
    const ms = (this.opts.now ?? Date.now)();
    return { seconds: Math.floor(ms / 1000), microseconds: Math.floor((ms % 1000) * 1000) };
  }

  private reply(r: QmpReply, id: { id: unknown } | undefined): void {
    this.opts.send(toQmpJson(id ? { ...r, ...id } : r));
  }

  private dispatch(req: Record<string, unknown>): QmpReply {
    let execute: string | undefined;
    for (const key of qdictOrder(Object.keys(req))) {
      // QEMU checks the members in its dictionary order
      const v = req[key];
      if (key === 'execute' || (key === 'exec-oob' && this.oob)) {
        if (typeof v !== 'string') return gen(`QMP input member '${key}' must be a string`);
        if (key === 'exec-oob') return gen(`The command ${v} does not support OOB`);
        execute = v;
      } else if (key === 'arguments') {
        if (!isDict(v)) return gen("QMP input member 'arguments' must be an object");
      } else if (key === 'id') {
        continue;
      } else {
        return gen(`QMP input member '${key}' is unexpected`);
      }
    }
    if (execute === undefined) return gen("QMP input lacks member 'execute'");
    const args = (req['arguments'] as Record<string, unknown> | undefined) ?? {};
    if (execute === 'qmp_capabilities') return this.capabilities(args);
    if (!this.negotiated) return { error: { class: 'CommandNotFound', desc: `The command ${execute} has not been found` } };
    if (execute === 'quit') {
      if (Object.keys(args).length) return gen(`Parameter '${Object.keys(args)[0]}' is unexpected`);
      this.quitting = true;
      return { return: {} };
    }
    return this.service.run(execute, args);
  }

  /**
   * qmp_capabilities as QEMU 7.2 runs it: its marshaller visits the arguments
   * first, in either state (so a bad `enable` or an unexpected key is named
   * even after negotiation); only then does the command see that negotiation
   * is over and answer CommandNotFound, whatever it was asked to enable.
   */
  private capabilities(args: Record<string, unknown>): QmpReply {
    let visited: { enable?: string[] };
    try {
      visited = visitArguments(QMP_CAPABILITIES_ARGS, args) as { enable?: string[] };
    } catch (e) {
      if (e instanceof QapiError) return gen(e.message);
      throw e;
    }
    if (this.negotiated) {
      return { error: { class: 'CommandNotFound', desc: 'Capabilities negotiation is already complete, command ignored' } };
    }
    if (visited.enable?.length) this.oob = true;
    this.negotiated = true;
    return { return: {} };
  }
}

function gen(desc: string): QmpReply {
  return { error: { class: 'GenericError', desc } };
}
