/**
 * A small QAPI input visitor: checks command arguments against a schema in
 * the order QEMU's generated visitors do, with QEMU's exact error texts.
 *
 * Zod validates our other inputs (files, CLI options); it is not used here
 * because QMP clients match QEMU's messages and first-error order, which a
 * generic validator does not reproduce.
 */
import { qdictOrder } from '../../core/qmp-json.js';
import { firstUnvisitedKey } from '../../core/qobject-visitor.js';

export type QapiType =
  | 'str'
  | 'bool'
  | 'int'
  | 'any'
  | { enum: readonly string[] }
  | { struct: readonly QapiField[] }
  | { list: QapiType };

export interface QapiField {
  name: string;
  type: QapiType;
  optional?: boolean;
}

export class QapiError extends Error {}

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Visit `args` (a dict) as the members of a struct. Returns the value or throws QapiError. */
export function visitArguments(fields: readonly QapiField[], args: Record<string, unknown>): Record<string, unknown> {
  return visitMembers(fields, args, '');
}

function full(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function visitMembers(fields: readonly QapiField[], obj: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const name = full(prefix, f.name);
    if (!Object.prototype.hasOwnProperty.call(obj, f.name)) {
      if (f.optional) continue;
      throw new QapiError(`Parameter '${name}' is missing`);
    }
    out[f.name] = visitValue(f.type, obj[f.name], name, f.name);
  }
  // visit_check_struct: a member nobody asked for, the one QEMU's visitor names
  const extra = firstUnvisitedKey(qdictOrder(Object.keys(obj)), fields.map((f) => f.name));
  if (extra !== undefined) throw new QapiError(`Parameter '${full(prefix, extra)}' is unexpected`);
  return out;
}

/**
 * `name` is the member's full path, which QEMU's type errors name
 * ('enable[0]', 'model.name'); `own` is the name the generated visitor passes
 * (the member's own name, null for a list element), which QEMU's enum error
 * names: a rejected element of an enum list is "Parameter 'null' …".
 */
function visitValue(t: QapiType, v: unknown, name: string, own: string | null): unknown {
  if (t === 'any') return v;
  if (t === 'str') {
    if (typeof v !== 'string') throw new QapiError(`Invalid parameter type for '${name}', expected: string`);
    return v;
  }
  if (t === 'bool') {
    if (typeof v !== 'boolean') throw new QapiError(`Invalid parameter type for '${name}', expected: boolean`);
    return v;
  }
  if (t === 'int') {
    if (typeof v !== 'bigint' && (typeof v !== 'number' || !Number.isInteger(v))) throw new QapiError(`Invalid parameter type for '${name}', expected: integer`);
    return v;
  }
  if ('enum' in t) {
    if (typeof v !== 'string') throw new QapiError(`Invalid parameter type for '${name}', expected: string`);
    if (!t.enum.includes(v)) throw new QapiError(`Parameter '${own ?? 'null'}' does not accept value '${v}'`);
    return v;
  }
  if ('struct' in t) {
    if (!isDict(v)) throw new QapiError(`Invalid parameter type for '${name}', expected: object`);
    return visitMembers(t.struct, v, name);
  }
  if (!Array.isArray(v)) throw new QapiError(`Invalid parameter type for '${name}', expected: array`);
  return v.map((e, i) => visitValue(t.list, e, `${name}[${i}]`, null));
}

/** The arguments of qmp_capabilities: `enable` is a list of QMPCapability (QEMU 7.2 knows one, 'oob'). */
export const QMP_CAPABILITIES_ARGS: readonly QapiField[] = [{ name: 'enable', type: { list: { enum: ['oob'] } }, optional: true }];

/** QAPI's CpuModelInfo. */
export const CPU_MODEL_INFO: QapiType = {
  struct: [
    { name: 'name', type: 'str' },
    { name: 'props', type: 'any', optional: true },
  ],
};
