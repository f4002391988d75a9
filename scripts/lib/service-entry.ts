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
 * sooner. --no-opt leaves out V8's optimizing compiler (TurboFan): these
 * services wait on the chain, the nodes and the disk, and its code and the
 * machine code it makes cost each about 8 MB (measured: README, Figures).
 * The chain runs the EVM in JavaScript and keeps its optimizer.
 */
const LEAN = ['--max-semi-space-size=1', '--optimize-for-size', '--no-opt'];
export const SERVICE_NODE_FLAGS: Readonly<Record<Service, readonly string[]>> = {
  chain: ['--max-semi-space-size=2', '--optimize-for-size', '--single-threaded'],
  deploy: [],
  server: LEAN,
  delivery: LEAN,
  indexer: LEAN,
  agents: [...LEAN.filter((flag) => flag !== '--no-opt'), '--jitless', '--no-expose-wasm'],
};

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
