/**
 * QEMU's -cpu syntax: `MODEL[,feat=on|off|true|false…][,+feat][,-feat]`,
 * turned into a QMP CpuModelInfo.
 */
import type { ModelInfo } from './driver.js';

export class ModelSpecError extends Error {}

export function parseModelSpec(spec: string): ModelInfo {
  const parts = spec.split(',');
  const name = parts.shift()!.trim();
  if (!name) throw new ModelSpecError(`'${spec}': the model name is empty (expected MODEL[,feature=on|off…])`);
  const props: Record<string, unknown> = {};
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    if (p.startsWith('+') || p.startsWith('-')) {
      props[p.slice(1)] = p[0] === '+';
      continue;
    }
    const eq = p.indexOf('=');
    if (eq < 0) {
      props[p] = true;
      continue;
    }
    const key = p.slice(0, eq);
    const val = p.slice(eq + 1).toLowerCase();
    if (['on', 'true', 'yes'].includes(val)) props[key] = true;
    else if (['off', 'false', 'no'].includes(val)) props[key] = false;
    else if (/^-?\d+$/.test(val)) props[key] = Number(val);
    else props[key] = p.slice(eq + 1);
  }
  return Object.keys(props).length ? { name, props } : { name };
}

export function formatModelSpec(info: ModelInfo): string {
  const props = Object.entries(info.props ?? {}).map(([k, v]) => (typeof v === 'boolean' ? `${k}=${v ? 'on' : 'off'}` : `${k}=${String(v)}`));
  return [info.name, ...props].join(',');
}
