/**
 * The one error catalog. Every CpuModelError code is a row: the QMP error
 * class the QMP adapter answers with, the exit code of the CLI, the HTTP
 * status and API error code of the service, and a message template. Where
 * the text is QEMU's own, `qemu` gives QEMU's template for each architecture
 * it is QEMU's text for (QEMU 7.2; `{name}` marks the offending value); the
 * driver of that architecture sends exactly that text. docs/errors.md
 * documents every code (test/structure/error-catalog.test.ts keeps both in
 * step).
 */
import type { Arch } from './driver.js';

export interface ErrorSpec {
  /** QMP `error.class` */
  readonly qmp: 'GenericError' | 'DeviceNotFound';
  /** exit code of the CLI: 2 bad input, 1 the environment (a hypervisor not reachable) */
  readonly exit: 1 | 2;
  /** HTTP status of the service */
  readonly http: 400 | 404 | 410 | 422 | 503;
  /** the service's `error` field (docs/errors.md, "HTTP service") */
  readonly api: 'invalid-request' | 'malformed-json' | 'malformed-xml' | 'invalid-host' | 'unknown-model' | 'unknown-feature' | 'mixed-architectures' | 'unsupported' | 'not-found' | 'stale-cursor' | 'unavailable';
  /** what is wrong, with `{name}` for the offending value */
  readonly template: string;
  /** QEMU's own text, per architecture, where the code is one QEMU answers */
  readonly qemu?: Partial<Record<Arch, string>>;
}

const input = { qmp: 'GenericError', exit: 2 } as const;

export const ERROR_CATALOG = {
  // the model and its properties (QMP answers: QEMU's text)
  'unknown-model': {
    ...input, http: 422, api: 'unknown-model', template: "unknown CPU model '{name}'",
    // QEMU target/s390x/cpu_models.c, target/i386/cpu.c, target/ppc/cpu_init.c, target/arm/arm-qmp-cmds.c (7.2)
    qemu: { s390x: "The CPU definition '{name}' is unknown.", x86_64: "CPU model '{name}' not found", ppc64: "unable to find CPU model '{name}'", aarch64: "The CPU type '{name}' is not a recognized ARM CPU type" },
  },
  'unknown-property': {
    ...input, http: 422, api: 'unknown-feature', template: "unknown property or feature '{name}'",
    // QEMU qom/object.c object_property_find_err (7.2); {type} is the CPU's QOM type
    qemu: { s390x: "Property '{type}.{name}' not found", x86_64: "Property '{type}.{name}' not found", ppc64: "Property '{type}.{name}' not found", aarch64: "Property '{type}.{name}' not found" },
  },
  'invalid-type': {
    ...input, http: 400, api: 'invalid-request', template: "'{name}' has the wrong type",
    // QEMU qapi/qobject-input-visitor.c (7.2)
    qemu: { s390x: "Invalid parameter type for '{name}', expected: {expected}", x86_64: "Invalid parameter type for '{name}', expected: {expected}", ppc64: "Invalid parameter type for '{name}', expected: {expected}", aarch64: "Invalid parameter type for '{name}', expected: {expected}" },
  },
  'bad-property-value': { ...input, http: 400, api: 'invalid-request', template: "property value '{name}' is not accepted" },
  'read-only-property': {
    ...input, http: 400, api: 'invalid-request', template: "property '{name}' cannot be set",
    // QEMU qom/object.c object_property_set (7.2)
    qemu: { s390x: "Property '{type}.{name}' is not writable", x86_64: "Property '{type}.{name}' is not writable", ppc64: "Property '{type}.{name}' is not writable" },
  },
  'conflicting-properties': { ...input, http: 400, api: 'invalid-request', template: 'the properties contradict each other' },
  'device-not-found': {
    qmp: 'DeviceNotFound', exit: 2, http: 404, api: 'not-found', template: "device '{name}' not found",
    // QEMU qom/object.c object_property_set_link (7.2)
    qemu: { x86_64: "Device '{name}' not found" },
  },
  'unsupported-expansion-type': {
    ...input, http: 400, api: 'invalid-request', template: "expansion type '{name}' is not supported",
    // QEMU target/s390x/cpu_models_sysemu.c, target/ppc/cpu-models.c, target/arm/arm-qmp-cmds.c (7.2)
    qemu: { s390x: 'The requested expansion type is not supported.', ppc64: 'The requested expansion type is not supported.', aarch64: 'The requested expansion type is not supported' },
  },
  'feature-not-available': { ...input, http: 422, api: 'unsupported', template: "feature '{name}' is not available for this CPU model" },
  'requires-kvm': {
    ...input, http: 422, api: 'unsupported', template: "CPU model '{name}' requires KVM",
    qemu: { s390x: "The CPU definition '{name}' requires KVM", x86_64: "CPU model '{name}' requires KVM or HVF", aarch64: "The CPU type '{name}' requires KVM" },
  },
  'host-model-unavailable': { ...input, http: 422, api: 'unsupported', template: 'the host CPU model is not known' },
  'unavailable-in-configuration': { ...input, http: 422, api: 'unsupported', template: 'the configuration cannot provide this CPU' },
  // these CPUs have no common baseline: a "no" (exit 1), as virsh cpu-baseline exits and `baseline FILE` with it
  'no-baseline': { ...input, exit: 1, http: 422, api: 'unsupported', template: 'no CPU model is common to these CPUs' },
  // inputs of the CLI, the service and the libvirt adapter
  'kvm-needs-host': { ...input, http: 400, api: 'invalid-request', template: 'kvm needs a host capability' },
  'missing-input': { ...input, http: 400, api: 'invalid-request', template: 'nothing given: {name}' },
  'unknown-arch': { ...input, http: 400, api: 'invalid-request', template: "unknown architecture '{name}'" },
  'bad-option': { ...input, http: 400, api: 'invalid-request', template: "'{name}' is not a value this option takes" },
  'stale-cursor': { ...input, http: 410, api: 'stale-cursor', template: "cursor '{name}' belongs to an answer that has changed since" },
  'bad-model-spec': { ...input, http: 400, api: 'invalid-request', template: "'{name}' is not MODEL[,FEATURE=on|off…]" },
  'bad-guest': { ...input, http: 422, api: 'invalid-host', template: "'{name}' is not a guest CPU cpumodels can read" },
  'mixed-arch': { ...input, http: 422, api: 'mixed-architectures', template: 'the CPUs are of several architectures ({name})' },
  'mixed-vendor': { ...input, exit: 1, http: 422, api: 'unsupported', template: 'the CPUs are of several vendors ({name})' },
  'unknown-vendor': { ...input, http: 422, api: 'invalid-host', template: "unknown CPU vendor '{name}'" },
  'one-host-expected': { ...input, http: 400, api: 'invalid-request', template: '{name} holds several hosts; one is needed here' },
  'no-such-file': { ...input, http: 400, api: 'invalid-request', template: "'{name}': no such file" },
  'io-error': { ...input, http: 400, api: 'invalid-request', template: "'{name}' cannot be read or written" },
  'malformed-xml': { ...input, http: 400, api: 'malformed-xml', template: '{name}: malformed XML' },
  'malformed-json': { ...input, http: 400, api: 'malformed-json', template: '{name}: malformed JSON' },
  'bad-host-data': { ...input, http: 422, api: 'invalid-host', template: "'{name}' is not a host description cpumodels can read" },
  'bad-hypervisor-target': { ...input, http: 400, api: 'invalid-request', template: "invalid hypervisor target '{name}'" },
  'unknown-hypervisor': { ...input, http: 404, api: 'not-found', template: "unknown hypervisor '{name}'" },
  'hypervisor-unreachable': { qmp: 'GenericError', exit: 1, http: 503, api: 'unavailable', template: "hypervisor '{name}' does not answer" },
  'unsupported': { ...input, http: 422, api: 'unsupported', template: '{name} is not supported on {arch}' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

export function errorSpec(code: ErrorCode): ErrorSpec {
  return ERROR_CATALOG[code];
}

/** A template with its `{key}` marks filled; an unknown key stays as it is. */
export function render(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** QEMU's text for `code` on `arch`, filled; undefined where QEMU has none. */
export function qemuText(code: ErrorCode, arch: Arch, vars: Readonly<Record<string, string>>): string | undefined {
  const t = (ERROR_CATALOG[code] as ErrorSpec).qemu?.[arch];
  return t === undefined ? undefined : render(t, vars);
}
