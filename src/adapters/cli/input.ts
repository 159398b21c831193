/** The input gate lives in fleet/input.ts (the host-file readers stream through it too); the CLI's names for it. */
export { InputError, MAX_INPUT_BYTES, checkInputs, openInput, readInput, refusal, type InputLines, type InputText } from '../../fleet/input.js';
