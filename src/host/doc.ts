/**
 * The host capability document: one JSON format for what a host's CPU can
 * do, whatever it was read from. It is what `cpumodels probe --json` writes
 * and what the management commands (baseline --hosts, placement,
 * migrate-check) read. See docs/host-capability.md.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../core/errors.js';

export const HOST_DOC_FORMAT = 'cpumodels-host/1';

export const HostSourceKind = z.enum([
  'cpuinfo',
  'sysinfo',
  'cpudata',
  'cpuid-r',
  'qmp-expansion',
  'qmp-endpoint',
  'libvirt-capabilities',
  'libvirt-domcapabilities',
]);

export const HostDocSchema = z.object({
  format: z.literal(HOST_DOC_FORMAT),
  arch: z.enum(['s390x', 'x86_64', 'ppc64', 'aarch64']),
  /** a name for the host, when the source gives one (file name otherwise) */
  name: z.string().optional(),
  /** architecture-specific identity: s390x {type, generation, ga, cpuid, ibc …}; x86 {vendor, family, model, stepping, brand} … */
  identity: z.record(z.string(), z.unknown()),
  /** the best named model (QEMU's name) the features are expressed against */
  model: z.string().min(1),
  /** active features, QEMU's names */
  features: z.array(z.string()),
  /** stable hash over the features (see core/signature.ts) */
  signature: z.string().regex(/^[0-9a-f]{16}$/),
  /** `${model}@${signature}` */
  display: z.string().optional(),
  delta: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }).optional(),
  /** the QEMU release the host runs, when the source says (a domcapabilities file's machine type) */
  release: z.string().regex(/^\d+\.\d+$/).optional(),
  /** the accelerator the source describes (a domcapabilities file of domain type qemu: TCG); absent: KVM */
  accel: z.enum(['kvm', 'tcg']).optional(),
  source: z.object({ kind: HostSourceKind, origin: z.string(), detail: z.string().optional() }),
  notes: z.array(z.string()).optional(),
});

export type HostDoc = z.infer<typeof HostDocSchema>;

/** Read and validate a host document (text of JSON). */
export function parseHostDoc(text: string, file: string): Result<HostDoc> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail({ code: 'malformed-json', message: `${file}: malformed JSON: ${(e as Error).message}` });
  }
  return validateHostDoc(json, file);
}

export function validateHostDoc(json: unknown, file: string): Result<HostDoc> {
  const r = HostDocSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const where = i.path.length ? i.path.join('.') : 'the document';
    return fail({ code: 'bad-host-data', message: `${file}: ${where}: ${i.message}`, value: where, hint: `a host document has format '${HOST_DOC_FORMAT}', arch, identity, model, features, signature and source` });
  }
  return ok(r.data);
}

export function isHostDocText(text: string): boolean {
  return text.includes(`"${HOST_DOC_FORMAT}"`);
}
