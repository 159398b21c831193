/**
 * Which reader a host description needs, from its first look (no parsing):
 * an architecture's own text (/proc/cpuinfo, /proc/sysinfo, a CPUID dump, a
 * QMP expansion reply), which its driver reads itself, or a document only
 * the host-document reader (host/read.ts) reads — libvirt capabilities,
 * domcapabilities or a host `<cpu>`, a cpumodels host document, a JSON array
 * or NDJSON of them. Both readers read every format (the document reader
 * reads the architectures' own texts with their drivers' readers), so a
 * command that takes a host reads the same set of formats either way.
 */
export function isHostDocumentText(text: string): boolean {
  const t = text.trimStart();
  // libvirt XML: a CPUID dump (<cpudata>) is x86's own text; any other is a libvirt document
  if (t.startsWith('<')) return !/<cpudata[\s>]/.test(text);
  if (t.startsWith('[')) return true;
  // a QMP expansion reply is an architecture's own; a host document says its format
  return t.startsWith('{') && /"format"\s*:\s*"cpumodels-host(-compact)?\/1"/.test(text);
}
