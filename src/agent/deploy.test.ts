// deploy/: the DaemonSet runs the image deploy/Containerfile builds, with
// agent options the command has (--apply-labels among them), and its RBAC
// lets the agent read and patch nodes (what applyNodeLabels does).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.js';

const DEPLOY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy');
const ds = readFileSync(path.join(DEPLOY, 'daemonset.yaml'), 'utf8');
const cf = readFileSync(path.join(DEPLOY, 'Containerfile'), 'utf8');

describe('deploy/', () => {
  it('the DaemonSet runs the image the Containerfile recipe names, on node:20-slim with the npm package', () => {
    const images = [...ds.matchAll(/^\s*image:\s*(\S+)/gm)].map((m) => m[1]);
    expect(images).toEqual(['registry.example/cpumodels:0.1.0']);
    expect(ds).toContain(`-t ${images[0]} .`);
    expect(cf).toMatch(/^FROM node:20-slim AS build$/m);
    expect(cf).toMatch(/npm pack/);
    expect(cf).toMatch(/npm install -g --omit=dev .*\/tmp\/cpumodels\.tgz/);
    expect(cf).toMatch(/^ENTRYPOINT \["cpumodels"\]$/m);
  });

  it("the agent's arguments are options the agent command has, and it applies the labels", async () => {
    const args = JSON.parse(/args:\s*(\["agent"[\s\S]*?\])/.exec(ds)![1]!.replace(/\s*\n\s*/g, ' ')) as string[];
    expect(args).toContain('--apply-labels');
    const help = (await runCli(['agent', '--help'])).out;
    for (const o of args.filter((a) => a.startsWith('--'))) expect(help, o).toContain(o);
  });

  it('the service account may get and patch nodes', () => {
    expect(ds).toMatch(/resources: \["nodes"\]\s*\n\s*verbs: \["get", "patch"\]/);
  });
});
