/**
 * What `models` under KVM reads of a host file, and nothing more
 * (models-direct.ts directKvmDefinitions takes only this): the vendor, the
 * family and the flags of /proc/cpuinfo's first processor block, when the
 * text is plainly /proc/cpuinfo. Because the answer is a function of this
 * projection (and of the build), it is also what the remembered answer is
 * keyed by (adapters/cli/models-memo.ts): a line of /proc/cpuinfo that
 * changes between reads (`cpu MHz`) or that the answer does not read (model,
 * stepping, the brand) does not change the key.
 */
import { isHostDocumentText } from '../../core/host-text.js';
import { detectX86Format, readCpuinfoHeader } from './cpuinfo-header.js';

export interface KvmModelsHost {
  vendorString: string;
  family: number;
  /** in the text's order, each once */
  flags: string[];
}

/** The projection of a host text, or undefined when it is not plainly /proc/cpuinfo (a host document, a CPUID dump, a QMP reply) or cannot be read. */
export function kvmModelsHostOf(text: string, file: string): KvmModelsHost | undefined {
  if (isHostDocumentText(text) || detectX86Format(text) !== 'cpuinfo') return undefined;
  const h = readCpuinfoHeader(text, file);
  return h.ok ? { vendorString: h.vendorString, family: h.family, flags: [...h.flags] } : undefined;
}
