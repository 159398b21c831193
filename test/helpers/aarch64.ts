/** An arm64 Neoverse-N1 /proc/cpuinfo (MIDR 0x413fd0c1; the hwcaps Linux prints for it), two CPUs. */
export const NEOVERSE_N1_CPUINFO = [0, 1]
  .map((n) => `processor\t: ${n}\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n`)
  .join('\n');
