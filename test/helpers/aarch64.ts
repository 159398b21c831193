/** An arm64 Neoverse-N1 /proc/cpuinfo (MIDR 0x413fd0c1; the hwcaps Linux prints for it), two CPUs. */
export const NEOVERSE_N1_CPUINFO = [0, 1]
  .map((n) => `processor\t: ${n}\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n`)
  .join('\n');

/** libvirt's capabilities XML of an aarch64 host: libvirt's ARM CPU map model, vendor and the hwcaps as features (or no model: libvirt could not name the CPU). */
export const armCapabilities = (model: string | undefined, features: readonly string[] = ['fp', 'asimd', 'evtstrm', 'aes', 'pmull', 'sha1', 'sha2', 'crc32', 'cpuid']): string =>
  [
    '<capabilities>',
    '  <host>',
    '    <uuid>00000000-0000-0000-0000-000000000000</uuid>',
    '    <cpu>',
    '      <arch>aarch64</arch>',
    ...(model ? [`      <model>${model}</model>`, '      <vendor>ARM</vendor>'] : []),
    "      <topology sockets='1' dies='1' clusters='1' cores='8' threads='1'/>",
    ...features.map((f) => `      <feature name='${f}'/>`),
    '    </cpu>',
    '  </host>',
    '</capabilities>',
    '',
  ].join('\n');
