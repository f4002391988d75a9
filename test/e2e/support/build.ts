/**
 * Builds what `npm start --no-build` needs, once, and only what is missing
 * (contract, node emulator, UI production build), with the same build steps
 * `npm start` itself runs, so the tests start exactly what a person starts.
 */
import { join, resolve } from 'node:path';

import { buildMissing, buildSteps } from '../../../scripts/build/build-missing';
import { uiBuildDir, uiIsBuilt } from '../../../scripts/server/ui-build-dir';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** The production build's index.html, or undefined before `ng build` ran. */
export function uiIndexHtml(): string | undefined {
  return uiIsBuilt() ? join(uiBuildDir(), 'index.html') : undefined;
}

let built: Promise<void> | undefined;

export function ensureBuilt(): Promise<void> {
  built ??= buildMissing(buildSteps({ ui: true }), (line) => console.log(`# ${line}`));
  return built;
}
