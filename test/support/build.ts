/**
 * Builds what `npm start --no-build` needs, once per run and only what is
 * missing (contract, node emulator, the dApp's production build), with the
 * build steps `npm start` itself runs, so tests start what a person starts.
 */
import { join } from 'node:path';

import { buildMissing, buildSteps } from '../../scripts/build/build-missing';
import { uiBuildDir, uiIsBuilt } from '../../scripts/server/ui-build-dir';

/** The production build's index.html, or undefined before `ng build` ran. */
export function uiIndexHtml(): string | undefined {
  return uiIsBuilt() ? join(uiBuildDir(), 'index.html') : undefined;
}

let built: Promise<void> | undefined;

export function ensureBuilt(): Promise<void> {
  built ??= buildMissing(buildSteps({ ui: true }), (line) => console.log(`# ${line}`));
  return built;
}
