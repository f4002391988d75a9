/** Paths of the system's TypeScript entry points, each run as its own process. */
import { join } from 'node:path';

const SCRIPTS = join(__dirname, '..');

export const ENTRY = {
  chain: join(SCRIPTS, 'chain', 'main.ts'),
  deploy: join(SCRIPTS, 'deploy', 'main.ts'),
  server: join(SCRIPTS, 'server', 'main.ts'),
  delivery: join(SCRIPTS, 'delivery', 'main.ts'),
  indexer: join(SCRIPTS, 'indexer', 'main.ts'),
} as const;
