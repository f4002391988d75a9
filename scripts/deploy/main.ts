/**
 * One-shot deployment step, run as its own short-lived process so the
 * supervisor does not keep ethers in memory for the life of the system.
 *
 *   node --require tsx/cjs scripts/deploy/main.ts --chain-url http://127.0.0.1:8545 --data-dir data
 */
import { parseArgs } from 'node:util';

import { dataPaths } from '../lib/data-paths';
import { createLogger } from '../lib/logger';
import { ensureDeployment } from './ensure-deployment';

const log = createLogger('deploy');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'chain-url': { type: 'string', default: 'http://127.0.0.1:8545' },
      'data-dir': { type: 'string' },
      'settlement-window': { type: 'string', default: '86400' },
    },
  });
  await ensureDeployment({
    chainUrl: values['chain-url']!,
    paths: dataPaths(values['data-dir']),
    settlementWindowSeconds: Number(values['settlement-window']),
    log: (line) => log.info(line),
  });
}

main().catch((error) => {
  log.fatal({ err: error }, 'deployment failed');
  process.exit(1);
});
