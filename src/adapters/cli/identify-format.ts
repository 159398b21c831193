/**
 * How `s390x identify` prints an identity: shared by oneshot.ts (cmdIdentify)
 * and the direct path (identify-direct.ts), which loads nothing else of the CLI.
 */
import type { S390Identity } from '../../arch/s390x/identity.js';
import { print, printJson } from './models-format.js';
import { table } from './table.js';

/** By --model: the identity as a table row; by --type: the model's name; --json: the identity. */
export function printIdentity(id: S390Identity, o: { byModel: boolean; json?: boolean }): void {
  if (o.json) return printJson(id);
  if (o.byModel) {
    print(table(['MODEL', 'TYPE', 'GEN', 'GA', 'CPUID', 'IBC', 'DESCRIPTION'], [[id.model, id.type, String(id.generation), String(id.ga), id.cpuid, id.ibc, id.description]]));
  } else print(id.model);
}
