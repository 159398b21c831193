/**
 * `cpumodels server` as a child process for tests, without a build:
 *   node --import tsx test/helpers/server-child.ts --db URL --listen H:P --data DIR [--token-file F]
 * Prints what the server prints; the line "cpumodels fleet service on URL" says it is ready.
 */
import { runServer } from '../../src/service/main.js';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const s = await runServer({
  ...(opt('--db') ? { db: opt('--db')! } : {}),
  ...(opt('--listen') ? { listen: opt('--listen')! } : {}),
  ...(opt('--data') ? { data: opt('--data')! } : {}),
  ...(opt('--token-file') ? { tokenFile: opt('--token-file')! } : {}),
});
process.on('SIGTERM', () => void s.close().then(() => process.exit(0)));
