/**
 * One-shot deployment step, run as its own short-lived process so the
 * supervisor does not keep ethers in memory for the life of the system.
 *
 *   node --require tsx/cjs scripts/deploy/main.ts --chain-url http://127.0.0.1:8545 --data-dir data
 *     [--settlement-window 86400] [--line-loss-allowance-bps 300]
 */
import { parseArgs } from 'node:util';

import { dataPaths } from '../lib/data-paths';
import { DEFAULT_LINE_LOSS_ALLOWANCE_BPS, ensureDeployment } from './ensure-deployment';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'chain-url': { type: 'string', default: 'http://127.0.0.1:8545' },
      'data-dir': { type: 'string' },
      'settlement-window': { type: 'string', default: '86400' },
      'line-loss-allowance-bps': { type: 'string', default: String(DEFAULT_LINE_LOSS_ALLOWANCE_BPS) },
    },
  });
  await ensureDeployment({
    chainUrl: values['chain-url']!,
    paths: dataPaths(values['data-dir']),
    settlementWindowSeconds: Number(values['settlement-window']),
    lineLossAllowanceBps: basisPoints(values['line-loss-allowance-bps']!),
  });
}

/** 0 to 10,000 basis points (0% to 100%), as the contract accepts. */
function basisPoints(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 10_000) {
    throw new Error(`--line-loss-allowance-bps must be a whole number of basis points from 0 to 10000 (300 = 3%), not "${text}"`);
  }
  return value;
}

main().catch((error) => {
  console.error(`deployment failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
