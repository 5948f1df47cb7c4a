import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const script = new URL('../../../scripts/require-node.cjs', import.meta.url).pathname;
const { nodeProblem } = createRequire(import.meta.url)(script) as {
  nodeProblem(version: string): string | null;
};

describe('the Node version check before the npm scripts', () => {
  it.each(['22.18.0', '22.20.1', '24.21.0', '25.0.0'])('lets Node %s through', (version) => {
    expect(nodeProblem(version)).toBeNull();
  });

  it.each(['20.20.2', '22.12.0', '22.17.9', '18.0.0'])('stops Node %s with one sentence', (v) => {
    const problem = nodeProblem(v);
    expect(problem).toContain(`Node.js 22.18 or newer (this is v${v})`);
    expect(problem).not.toContain('\n');
  });

  it('exits 0 and prints nothing on this Node', () => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
