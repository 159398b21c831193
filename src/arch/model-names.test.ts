import { describe, expect, it } from 'vitest';
import { err, ok } from '../core/errors.js';
import { modelNamesByArch, withOtherArchHint } from './model-names.js';
import { runCli } from '../../test/helpers/cli.js';
import { fixedHostFacts } from '../adapters/cli/host-facts.js';

const unknown = (name: string, extra = {}) => err('unknown-model', `CPU model '${name}' not found`, { value: name, ...extra });

describe('another architecture\'s model: the hint names it', () => {
  it('every architecture answers with its models', async () => {
    const names = await modelNamesByArch();
    expect(Object.keys(names).sort()).toEqual(['aarch64', 'ppc64', 's390x', 'x86_64']);
    expect(names['s390x']).toContain('z14');
    expect(names['x86_64']).toContain('Skylake-Server');
    expect(names['ppc64']).toContain('power9');
    expect(names['aarch64']).toContain('cortex-a72');
  });

  it('hints at the architecture that knows the name (without case), and only then', async () => {
    const z14 = await withOtherArchHint(unknown('z14'), 'x86_64');
    expect(z14).toEqual({ ok: false, error: { code: 'unknown-model', message: "CPU model 'z14' not found", value: 'z14', hint: "'z14' is a model of s390x, not x86_64: pass --arch s390x" } });
    const p9 = await withOtherArchHint(unknown('POWER9'), 'aarch64');
    expect(p9.ok ? '' : p9.error.hint).toBe("'POWER9' is a model of ppc64, not aarch64: pass --arch ppc64");
    // its own architecture's name, a name no one knows, QEMU's generic names, a nearer suggestion, another error, a success: unchanged
    for (const [r, arch] of [
      [unknown('z14'), 's390x'],
      [unknown('nosuch'), 'x86_64'],
      [unknown('host'), 's390x'],
      [unknown('MAX'), 'ppc64'],
      [unknown('z14', { suggestions: ['z14x'] }), 'x86_64'],
      [unknown('z14', { hint: 'pass --host FILE' }), 'x86_64'],
      [err('bad-option', 'no', { value: 'z14' }), 'x86_64'],
      [ok(1), 'x86_64'],
    ] as const) expect(await withOtherArchHint(r, arch)).toEqual(r);
  });

  it('the CLI tells it for compare and expand', async () => {
    const x86 = fixedHostFacts({ arch: 'x86_64', kvm: false });
    expect(await runCli(['compare', 'z14', 'z13'], x86)).toEqual({ code: 2, out: '', err: "cpumodels: error: CPU model 'z14' not found ('z14' is a model of s390x, not x86_64: pass --arch s390x)\n" });
    expect(await runCli(['expand', 'cortex-a72', '--arch', 'ppc64'], x86)).toEqual({ code: 2, out: '', err: "cpumodels: error: unable to find CPU model 'cortex-a72' ('cortex-a72' is a model of aarch64, not ppc64: pass --arch aarch64)\n" });
    // the second operand too
    expect((await runCli(['compare', 'z14', 'Haswell', '--arch', 's390x'], x86)).err).toBe("cpumodels: error: The CPU definition 'Haswell' is unknown. ('Haswell' is a model of x86_64, not s390x: pass --arch x86_64)\n");
  });
});
