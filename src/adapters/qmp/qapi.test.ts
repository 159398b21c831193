import { describe, expect, it } from 'vitest';
import { QMP_CAPABILITIES_ARGS, visitArguments, type QapiField } from './qapi.js';

const msg = (fields: readonly QapiField[], args: Record<string, unknown>): string => {
  try {
    visitArguments(fields, args);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('QAPI input visitor: the names QEMU 7.2 puts in its errors', () => {
  const nested: QapiField[] = [{ name: 'backend', type: { struct: [{ name: 'type', type: { enum: ['file', 'null'] } }, { name: 'n', type: 'int' }] } }];

  it("an enum names the member's own name, not its path (QEMU: chardev-add backend.type='nope' → 'type')", () => {
    expect(msg(nested, { backend: { type: 'nope', n: 1 } })).toBe("Parameter 'type' does not accept value 'nope'");
  });

  it('a type error names the full path', () => {
    expect(msg(nested, { backend: { type: 'file', n: 'x' } })).toBe("Invalid parameter type for 'backend.n', expected: integer");
  });

  it("an enum element of a list is named 'null' (QEMU: qmp_capabilities enable=['nope']); its type error names enable[i]", () => {
    expect(msg(QMP_CAPABILITIES_ARGS, { enable: ['oob', 'nope'] })).toBe("Parameter 'null' does not accept value 'nope'");
    expect(msg(QMP_CAPABILITIES_ARGS, { enable: ['oob', 1] })).toBe("Invalid parameter type for 'enable[1]', expected: string");
  });

  it('members are visited before unexpected keys are looked for, and the key named is the one QEMU names', () => {
    expect(msg(QMP_CAPABILITIES_ARGS, { enable: ['nope'], bogus: 1 })).toBe("Parameter 'null' does not accept value 'nope'");
    expect(msg(QMP_CAPABILITIES_ARGS, { enable: ['oob'], zz: 1, aa: 2 })).toBe("Parameter 'aa' is unexpected");
    expect(msg(QMP_CAPABILITIES_ARGS, { mid: 1, alpha: 2, zeta: 3 })).toBe("Parameter 'alpha' is unexpected");
    expect(msg(QMP_CAPABILITIES_ARGS, {})).toBe('ok');
  });
});
