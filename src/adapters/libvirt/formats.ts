/**
 * The libvirt adapter's side of core's LibvirtFormats: every libvirt XML the
 * inner layers (arch, host, fleet) read or write goes through this object.
 * Each program's entry point calls useLibvirtAdapter() once.
 */
import { installLibvirtFormats, type LibvirtFormats } from '../../core/libvirt-model.js';
import { checkWellFormed, readGuestCpu, writeCpu } from './cpu-xml.js';
import { parseCpuidXml } from './cpudata-xml.js';
import { isCapabilitiesText, isDomCapsText, readCapabilitiesCpu, readDomCapsCpu, readHostCpuList } from './domcaps.js';

export const LIBVIRT_FORMATS: LibvirtFormats = {
  readCpudata: parseCpuidXml,
  checkWellFormed,
  isDomCapsText,
  isCapabilitiesText,
  readDomCapsCpu,
  readCapabilitiesCpu,
  readHostCpuList,
  readGuestCpu,
  writeCpu,
};

/** Install the libvirt adapter's formats for the inner layers (idempotent). */
export function useLibvirtAdapter(): void {
  installLibvirtFormats(LIBVIRT_FORMATS);
}
