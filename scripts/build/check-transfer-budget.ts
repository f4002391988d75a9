/**
 * Fails the UI build when the initial JavaScript's estimated transfer size
 * (gzip, as the main server sends it) passes the budget. Angular's own budgets
 * in angular.json measure raw bytes only, so this closes the gap.
 */
import { join } from 'node:path';

import { measureInitialBundle } from '../bench/bundle-size';
import { uiBuildDir } from '../server/ui-build-dir';

const BUDGET_KB_TRANSFER = 250;

const size = measureInitialBundle(join(uiBuildDir(), 'index.html'));
const verdict = `initial bundle: ${size.kbRaw} kB raw, ${size.kbGzip} kB estimated transfer (gzip); budget ${BUDGET_KB_TRANSFER} kB`;
if (size.kbGzip > BUDGET_KB_TRANSFER) {
  console.error(`Error: ${verdict} exceeded.`);
  process.exit(1);
}
console.log(verdict);
