// Every test runs as a program whose entry point installed the libvirt
// adapter's formats (src/adapters/libvirt/formats.ts), as the CLI does.
import { useLibvirtAdapter } from '../../src/adapters/libvirt/formats.js';

useLibvirtAdapter();
