/**
 * How the supervisor runs each service in a process of its own: compiled
 * JavaScript with plain `node` when the supervisor itself runs compiled
 * (`npm start`, see scripts/launch.cjs), the TypeScript source through tsx
 * otherwise (the tests, which must run the sources as they are).
 */
import { join } from 'node:path';

import { REPO_ROOT } from './data-paths';

export type Service = 'chain' | 'deploy' | 'server' | 'delivery' | 'indexer' | 'agents';

/** True in the bundle under build/services, false when tsx runs this file from scripts/lib. */
const COMPILED = __filename.endsWith('.js');

/** The node arguments that run `service`: its program, with the TypeScript loader when running the sources. */
export function serviceProgram(service: Service): string[] {
  if (COMPILED) return [join(REPO_ROOT, 'build', 'services', service, 'main.js')];
  return ['--require', require.resolve('tsx/cjs'), join(REPO_ROOT, 'scripts', service, 'main.ts')];
}
