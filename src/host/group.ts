/**
 * Collapse hosts into classes by capability signature: equal signatures
 * mean equal feature sets (the signature hashes the feature names), so a
 * fleet reduces to its distinct classes before any set algebra.
 */
import type { HostDoc } from './doc.js';

export interface HostClass {
  signature: string;
  arch: string;
  model: string;
  features: string[];
  hosts: string[];
}

export function groupHostDocs(docs: readonly HostDoc[]): HostClass[] {
  const bySig = new Map<string, HostClass[]>();
  const out: HostClass[] = [];
  for (const d of docs) {
    const key = `${d.arch}:${d.signature}`;
    const features = [...d.features].sort();
    const bucket = bySig.get(key) ?? [];
    bySig.set(key, bucket);
    // equal signatures mean equal sets; comparing the sets guards against a hash collision
    let c = bucket.find((x) => x.features.length === features.length && x.features.every((f, i) => f === features[i]));
    if (!c) {
      c = { signature: d.signature, arch: d.arch, model: d.model, features, hosts: [] };
      bucket.push(c);
      out.push(c);
    }
    c.hosts.push(d.name ?? d.source.origin);
  }
  return out;
}
