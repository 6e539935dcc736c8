import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run lab -- ...args` (without npm) and captures its output. */
export function lab(args: string[], input?: string): CliRun {
  const r = spawnSync(tsx, [join(root, 'src', 'cli', 'main.ts'), ...args], {
    input,
    encoding: 'utf8',
    cwd: root,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
