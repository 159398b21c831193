/**
 * What the tests of the direct `models` path under KVM share: the captured
 * /proc/cpuinfo, the table the build stores (computeDirectModels of the
 * default profile, as plain JSON, as the bundle parses it) and the Linux
 * flags it can name.
 */
import path from 'node:path';
import { computeDirectModels } from '../../src/arch/x86_64/models-direct-table.js';
import type { DirectModelsTable } from '../../src/arch/x86_64/models-direct.js';
import { DEFAULT_PROFILE } from '../../src/core/profile.js';

export const CPUINFO_FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'x86_64', 'proc-cpuinfo-this-machine.txt');
export const DIRECT_TABLE = JSON.parse(JSON.stringify(computeDirectModels(DEFAULT_PROFILE))) as DirectModelsTable;
export const DIRECT_FLAGS = DIRECT_TABLE.naming.flags.split(' ');
