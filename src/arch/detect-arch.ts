/**
 * Which architecture a host text describes, from the text alone (regular
 * expressions only, so that every command's driver can check a --host file
 * before handing it to its architecture's reader): /proc/cpuinfo and
 * /proc/sysinfo of each architecture, x86 CPUID dumps (libvirt `<cpudata>`,
 * `cpuid -r`), and QMP expansion replies by the properties each target has.
 */
import type { Arch } from '../core/driver.js';

/** The architecture a text describes, or null when the text does not say. */
export function detectTextArch(text: string): Arch | null {
  if (/^vendor_id\s*:\s*IBM\/S390/m.test(text) || /^facilities\s*:/m.test(text)) return 's390x';
  if (/^Manufacturer:\s+IBM/m.test(text) && /^Type:\s+[0-9A-Fa-f]{4}/m.test(text)) return 's390x';
  if (/<cpudata arch=['"]x86['"]/.test(text) || /^vendor_id\s*:\s*(GenuineIntel|AuthenticAMD|HygonGenuine|CentaurHauls)/m.test(text)) return 'x86_64';
  // `cpuid -r`: one line per leaf, "0x00000000 0x00: eax=0x… ebx=…"
  if (/^\s*0x[0-9a-f]{8} 0x[0-9a-f]{2}: eax=0x[0-9a-f]{8}/im.test(text)) return 'x86_64';
  // arm64 /proc/cpuinfo: the MIDR fields
  if (/^CPU implementer\s*:/m.test(text) && /^Features\s*:/m.test(text)) return 'aarch64';
  // ppc64 /proc/cpuinfo: the PVR on each revision line
  if (/^revision\s*:.*\(pvr\s+[0-9a-fA-F]{4}\s+[0-9a-fA-F]{4}\)/m.test(text)) return 'ppc64';
  if (text.trimStart().startsWith('{')) {
    if (/"vendor"\s*:/.test(text) || /"family"\s*:/.test(text)) return 'x86_64';
    if (/"name"\s*:\s*"(z\d|gen1\d|qemu|max|host)[^"]*-base"/.test(text) || /"name"\s*:\s*"(z\d|gen1\d)/.test(text)) return 's390x';
    // QEMU's arm CPU props (target/arm: aarch64, pmu, the SVE vector lengths, the KVM ones)
    if (/"(aarch64|pmu|sve\d*|kvm-no-adjvtime|kvm-steal-time)"\s*:\s*(true|false)/.test(text)) return 'aarch64';
    // ppc64: the compat mode a host runs (max-cpu-compat) or its compat-powerN flags
    if (/"(max-cpu-compat|compat-power\d+)"\s*:/.test(text)) return 'ppc64';
  }
  return null;
}
