/**
 * `npm run bench:wallet`: how long the wallet in the app takes to open under
 * its PIN on a phone. The keystore's scrypt runs in JavaScript in the page, so
 * it is measured in headless Chromium with the CPU slowed 6x (Chrome's
 * emulation of a low-end phone, against this machine's cores), at the
 * parameters the app uses and at ethers' default for comparison. Figures go
 * to reports/bench.json, section `wallet`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

import { KEYSTORE_SCRYPT } from '../../src/app/wallet/in-app/keystore';
import { launchChromium } from '../../test/e2e/support/browser';
import { type Figures, writeSection } from './report';
import { isFailing, judge } from './table';

const REPO_ROOT = resolve(__dirname, '..', '..');
/** Chrome DevTools' "6x slowdown": the usual stand-in for a low-end phone. */
const PHONE_CPU_SLOWDOWN = 6;
const ETHERS_DEFAULT_SCRYPT_N = 1 << 17;
const RUNS = 3;

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
  import { Wallet, encryptKeystoreJson, decryptKeystoreJson } from '/ethers.js';
  const account = Wallet.createRandom();
  window.unlockMs = async (N, runs) => {
    const json = await encryptKeystoreJson({ address: account.address, privateKey: account.privateKey }, '482915', { scrypt: { N, r: 8, p: 1 } });
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await decryptKeystoreJson(json, '482915');
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  window.ready = true;
</script>`;

async function main(): Promise<void> {
  const ethers = readFileSync(join(REPO_ROOT, 'node_modules/ethers/dist/ethers.min.js'));
  const server = createServer((req, res) => {
    if (req.url === '/ethers.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(ethers);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
    const measure = (N: number, runs: number) =>
      page.evaluate(([n, r]) => (globalThis as unknown as { unlockMs(n: number, r: number): Promise<number> }).unlockMs(n, r), [N, runs] as const);

    const desktopMs = await measure(KEYSTORE_SCRYPT.N, RUNS);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN });
    const phoneMs = await measure(KEYSTORE_SCRYPT.N, RUNS);
    const phoneDefaultMs = await measure(ETHERS_DEFAULT_SCRYPT_N, 1);

    const figures: Figures = {
      measuredAt: new Date().toISOString(),
      scryptN: KEYSTORE_SCRYPT.N,
      unlockMs: Math.round(desktopMs),
      unlockMsPhone: Math.round(phoneMs),
      unlockMsPhoneEthersDefault: Math.round(phoneDefaultMs),
      cpuSlowdown: PHONE_CPU_SLOWDOWN,
    };
    writeSection('wallet', figures);
    console.log(
      `wallet unlock (scrypt N=2^${Math.log2(KEYSTORE_SCRYPT.N)}): ${figures.unlockMs} ms here, ${figures.unlockMsPhone} ms at ${PHONE_CPU_SLOWDOWN}x slower CPU; ` +
        `ethers' default N=2^17 there: ${figures.unlockMsPhoneEthersDefault} ms`,
    );
    const rows = judge({ wallet: figures }).filter((row) => row.figure.startsWith('wallet.'));
    if (rows.some((row) => isFailing(row))) process.exitCode = 1;
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
