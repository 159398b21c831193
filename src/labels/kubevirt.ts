/**
 * Kubernetes node labels in KubeVirt's scheme, as virt-handler's
 * node-labeller writes them (kubevirt/kubevirt pkg/virt-handler/node-labeller):
 * it reads `virsh domcapabilities` and the host-model CPU expanded by
 * `virsh hypervisor-cpu-baseline --features` (supported_features.xml).
 *
 * The rules (facts from the node-labeller, restated):
 * - cpu-model.node.kubevirt.io/M and cpu-model-migration.node.kubevirt.io/M
 *   for every model of any <mode> whose usable attribute is set and is not
 *   'no' ('unknown' counts), minus the obsolete models (the cluster's
 *   obsoleteCPUModels when set, KubeVirt's default list otherwise);
 * - host-model (not on aarch64, where KubeVirt skips it):
 *   host-model-cpu.node.kubevirt.io/M, cpu-vendor.node.kubevirt.io/V
 *   (s390x: 'IBM' when none is given), host-model-required-features.node.kubevirt.io/F
 *   for every host-model feature with policy 'require', and
 *   cpu-model-migration.node.kubevirt.io/M unless M is obsolete, in which
 *   case node-labeller.kubevirt.io/obsolete-host-model;
 * - cpu-feature.node.kubevirt.io/F for every feature of the expanded
 *   host-model CPU: the model's own features (libvirt's cpu_map on x86,
 *   QEMU's static model on s390x, none on ppc64) plus the required ones,
 *   minus the disabled ones; aarch64: none.
 * Every value is "true".
 */
import { ok, type Result } from '../core/errors.js';
import type { DomCapsCpu } from '../adapters/libvirt/domcaps.js';
import { archLabels } from '../arch/labels.js';

export const KUBEVIRT = {
  model: 'cpu-model.node.kubevirt.io/',
  feature: 'cpu-feature.node.kubevirt.io/',
  hostModel: 'host-model-cpu.node.kubevirt.io/',
  required: 'host-model-required-features.node.kubevirt.io/',
  migration: 'cpu-model-migration.node.kubevirt.io/',
  vendor: 'cpu-vendor.node.kubevirt.io/',
  obsoleteHostModel: 'node-labeller.kubevirt.io/obsolete-host-model',
} as const;

/** KubeVirt's default obsoleteCPUModels (each with its -v1 alias). */
export const KUBEVIRT_DEFAULT_OBSOLETE: readonly string[] = [
  '486', 'pentium', 'pentium2', 'pentium3', 'pentiumpro', 'coreduo', 'n270', 'core2duo', 'Conroe',
  'athlon', 'phenom', 'qemu64', 'qemu32', 'kvm64', 'kvm32', 'Opteron_G1', 'Opteron_G2',
].flatMap((m) => [m, `${m}-v1`]);

export interface KubevirtOptions {
  /** the cluster's obsoleteCPUModels; undefined: KubeVirt's defaults */
  obsolete?: readonly string[];
}

/** The features of a host-model CPU expanded as hypervisor-cpu-baseline --features does. */
export function expandedHostModel(cpu: DomCapsCpu, arch: string): Result<string[]> {
  const hm = cpu.hostModel;
  const rules = archLabels(arch);
  if (!rules.kubevirtHostModel || !hm?.supported || !hm.model) return ok([]);
  const base = rules.hostModelFeatures(hm.model.name);
  if (!base.ok) return base;
  const set = new Set(base.value);
  for (const f of hm.features) if (f.policy === 'require' || f.policy === 'force') set.add(f.name);
  for (const f of hm.features) if (f.policy === 'disable' || f.policy === 'forbid') set.delete(f.name);
  return ok([...set].sort());
}

/** The labels KubeVirt's node-labeller writes for a domcapabilities `<cpu>` block. */
export function kubevirtLabels(cpu: DomCapsCpu, arch: string, opts: KubevirtOptions = {}): Result<Record<string, string>> {
  const obsolete = new Set(opts.obsolete ?? KUBEVIRT_DEFAULT_OBSOLETE);
  const out: Record<string, string> = {};
  const usable = (cpu.custom?.models ?? []).filter((m) => m.usable !== 'no').map((m) => m.name);
  for (const m of usable) {
    if (obsolete.has(m)) continue;
    out[KUBEVIRT.model + m] = 'true';
    out[KUBEVIRT.migration + m] = 'true';
  }
  const hm = cpu.hostModel;
  const rules = archLabels(arch);
  if (rules.kubevirtHostModel && hm?.supported && hm.model) {
    const name = hm.model.name;
    for (const f of hm.features) if (f.policy === 'require') out[KUBEVIRT.required + f.name] = 'true';
    if (obsolete.has(name)) out[KUBEVIRT.obsoleteHostModel] = 'true';
    else out[KUBEVIRT.migration + name] = 'true';
    const vendor = hm.vendor || rules.kubevirtVendor;
    // KubeVirt would write the bare prefix for an empty vendor (ppc64); Kubernetes refuses that key
    if (vendor) out[KUBEVIRT.vendor + vendor] = 'true';
    out[KUBEVIRT.hostModel + name] = 'true';
  }
  const feats = expandedHostModel(cpu, arch);
  if (!feats.ok) return feats;
  for (const f of feats.value) out[KUBEVIRT.feature + f] = 'true';
  return ok(sortKeys(out));
}

export function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
