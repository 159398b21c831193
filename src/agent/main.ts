/** `cpumodels agent`: options → the loop; SIGTERM and SIGINT stop it cleanly (exit 0). */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Agent, parseDuration, type AgentOptions } from './agent.js';
import { probeThisHost } from './probe.js';
import { applyNodeLabels, kubeApi } from './kube.js';

export interface AgentCli {
  server: string;
  tokenFile: string;
  interval: string;
  name?: string;
  label?: string[];
  /** the label scheme to apply to this node through the Kubernetes API */
  applyLabels?: string;
  obsoleteModels?: string;
  kubeApi?: string;
  kubeTokenFile?: string;
}

export function agentFromCli(o: AgentCli): Agent {
  let url: URL;
  try {
    url = new URL(o.server);
  } catch {
    throw new Error(`--server '${o.server}' is not a URL such as http://fleet.example:8080`);
  }
  let token: string;
  try {
    token = readFileSync(o.tokenFile, 'utf8').trim();
  } catch (e) {
    throw new Error(`--token-file ${o.tokenFile}: ${(e as Error).message}`);
  }
  if (!token) throw new Error(`--token-file ${o.tokenFile} is empty`);
  const labels: Record<string, string> = {};
  for (const l of o.label ?? []) {
    const i = l.indexOf('=');
    if (i <= 0) throw new Error(`--label '${l}' is not key=value`);
    labels[l.slice(0, i)] = l.slice(i + 1);
  }
  const name = o.name ?? os.hostname();
  let applyLabels: AgentOptions['applyLabels'];
  if (o.applyLabels) {
    const api = kubeApi({ ...(o.kubeApi ? { url: o.kubeApi } : {}), ...(o.kubeTokenFile ? { tokenFile: o.kubeTokenFile } : {}) });
    applyLabels = { scheme: o.applyLabels, ...(o.obsoleteModels ? { obsolete: o.obsoleteModels } : {}), apply: (l) => applyNodeLabels(api, name, l) };
  } else if (o.kubeApi || o.kubeTokenFile || o.obsoleteModels) throw new Error('--kube-api, --kube-token-file and --obsolete-models go with --apply-labels');
  return new Agent({ server: url.toString(), token, name, labels, intervalMs: parseDuration(o.interval), probe: probeThisHost, ...(applyLabels ? { applyLabels } : {}) });
}

export async function runAgent(o: AgentCli): Promise<void> {
  const agent = agentFromCli(o);
  const stop = () => void agent.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await agent.start();
}
