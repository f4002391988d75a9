/**
 * How the supervisor runs each service in a process of its own: compiled
 * JavaScript with plain `node` when the supervisor itself runs compiled
 * (`npm start`, see scripts/launch.cjs), the TypeScript source through tsx
 * otherwise (the tests, which must run the sources as they are).
 *
 * SERVICE_NODE_FLAGS is the one place the services' Node and V8 flags live:
 * the tests, the benchmarks and `npm start` all run a service with them.
 */
import { join } from 'node:path';

import { REPO_ROOT } from './data-paths';

export type Service = 'chain' | 'deploy' | 'server' | 'delivery' | 'indexer' | 'agents';

/**
 * V8's young generation grows to 3 x 16 MB semi-spaces under a burst of
 * allocation and stays resident afterwards; 1 MB semi-spaces keep it at a few
 * MB for services that idle most of the time, for a few more (cheap) scavenges.
 * --optimize-for-size makes V8 grow the old generation slowly and collect it
 * sooner. The old-generation caps leave at least three times the largest heap
 * seen under `npm run simulate` and the system tests, so they stop a leak
 * rather than the service; the chain holds the ledger's caches and gets none.
 */
const LEAN = ['--max-semi-space-size=1', '--optimize-for-size', '--no-opt'];
export const SERVICE_NODE_FLAGS: Readonly<Record<Service, readonly string[]>> = {
  chain: ['--max-semi-space-size=2'],
  deploy: [],
  server: LEAN,
  delivery: LEAN,
  indexer: LEAN,
  agents: LEAN,
};

/**
 * glibc gives every thread that allocates its own malloc arena, and keeps what
 * it freed there: LevelDB (the chain) and V8's helper threads leave tens of MB
 * across their arenas. Two arenas are enough for processes that mostly wait.
 */
const SERVICE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/** The environment a service runs with: `env` with the settings above. */
export function serviceEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, ...SERVICE_ENV };
}

/** True in the bundle under build/services, false when tsx runs this file from scripts/lib. */
const COMPILED = __filename.endsWith('.js');

/**
 * The node arguments that run `service`: its flags and program, with the
 * TypeScript loader when running the sources (or compiled, when asked: a benchmark).
 */
export function serviceProgram(service: Service, compiled = COMPILED): string[] {
  const flags = SERVICE_NODE_FLAGS[service];
  if (compiled) return [...flags, join(REPO_ROOT, 'build', 'services', service, 'main.js')];
  return [...flags, '--require', require.resolve('tsx/cjs'), join(REPO_ROOT, 'scripts', service, 'main.ts')];
}
