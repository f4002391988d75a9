/**
 * The market's two sides for one test file: the whole system started, a seller
 * and a buyer each at their own browser context with their wallet connected,
 * their pages captured when a test fails, and everything stopped at the end.
 */
import { after, afterEach, before } from 'node:test';

import type { Browser } from 'playwright-core';

import { connectWallet } from './actions';
import { launchChromium } from './browser';
import { type Person, openApp } from './person';
import { screenshotPagesOnFailure } from './screenshots';
import { type RunningSystem, type SystemOptions, startSystem } from '../../support/system/npm-start';

export interface SellerAndBuyer {
  readonly system: RunningSystem;
  readonly browser: Browser;
  readonly seller: Person;
  readonly buyer: Person;
}

/**
 * Registers the file's hooks (call it inside `describe`); the fields are filled
 * once its `before` has run, which comes before any `before` the file adds after it.
 */
export function sellerAndBuyer(
  testFile: string,
  accounts: { readonly seller: number; readonly buyer: number },
  options: SystemOptions = { timeScale: 60 },
): SellerAndBuyer {
  const scene = {} as { -readonly [K in keyof SellerAndBuyer]: SellerAndBuyer[K] };

  before(async () => {
    scene.system = await startSystem(options);
    scene.browser = await launchChromium();
    scene.seller = await openApp(scene.browser, scene.system, { account: accounts.seller });
    scene.buyer = await openApp(scene.browser, scene.system, { account: accounts.buyer });
    await connectWallet(scene.seller);
    await connectWallet(scene.buyer);
  });

  afterEach(screenshotPagesOnFailure(testFile, () => [scene.seller?.page, scene.buyer?.page]));

  after(async () => {
    await scene.browser?.close();
    await scene.system?.stop();
  });

  return scene;
}
