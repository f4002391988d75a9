/**
 * One-shot deployment step, run as its own short-lived process so the
 * supervisor does not keep ethers in memory for the life of the system.
 *
 *   node --require tsx/cjs scripts/deploy/main.ts --config '{"dataDir":"data","chain":{...}}'
 */
import { dataPaths } from '../lib/data-paths';
import { createLogger } from '../lib/logger';
import { readServiceConfig } from '../lib/service-config';
import { ensureDeployment } from './ensure-deployment';

let log = createLogger('deploy');

async function main(): Promise<void> {
  const config = readServiceConfig();
  log = createLogger('deploy', { level: config.log.level });
  await ensureDeployment({
    chainUrl: config.chain.url,
    paths: dataPaths(config.dataDir),
    settlementWindowSeconds: config.deploy.settlementWindowSeconds,
    lineLossAllowanceBps: config.deploy.lineLossAllowanceBps,
    log: (line) => log.info(line),
  });
}

main().catch((error) => {
  log.fatal({ err: error }, 'deployment failed');
  process.exit(1);
});
