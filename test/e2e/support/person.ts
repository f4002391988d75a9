/**
 * A person at a browser: their own browser context (own storage, own wallet)
 * with the app open. Without an account they have no wallet at all.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

import { account } from './chain';
import type { RunningSystem } from '../../support/system/npm-start';
import { InjectedWallet } from './wallet';

export interface PersonOptions {
  /** Development account 0..9 held by the wallet; none means no wallet installed. */
  readonly account?: number;
  /** Or any key (a community's household): the wallet holds it. */
  readonly privateKey?: string;
  /** The chain the wallet starts on (default: the community chain). */
  readonly walletChainId?: number;
  readonly knowsCommunityChain?: boolean;
  /** Browser context options, e.g. a phone viewport. */
  readonly device?: BrowserContextOptions;
  readonly path?: string;
  /**
   * Where the app is opened: the system's HTTPS address (a community) instead of plain HTTP. The
   * test browser does not know the community's certificate authority, as a phone does once the
   * operator installed it, so certificate errors are ignored there.
   */
  readonly https?: boolean;
}

export interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Undefined for a person without a wallet. */
  readonly wallet?: InjectedWallet;
  /** Errors the page threw or logged: a scenario may assert there are none. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export async function openApp(browser: Browser, system: RunningSystem, options: PersonOptions = {}): Promise<Person> {
  if (options.https && !system.httpsUrl) throw new Error('this system serves no HTTPS: only a community does');
  const origin = options.https ? system.httpsUrl! : system.baseUrl;
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...options.device,
    ...(options.https ? { ignoreHTTPSErrors: true } : {}),
  });
  context.setDefaultTimeout(30_000);
  let wallet: InjectedWallet | undefined;
  if (options.account !== undefined || options.privateKey !== undefined) {
    wallet = new InjectedWallet({
      privateKey: options.privateKey ?? account(options.account!).privateKey,
      rpcUrl: system.rpcUrl,
      communityChainId: system.config.chainId,
      chainId: options.walletChainId,
      knowsCommunityChain: options.knowsCommunityChain,
    });
    await wallet.install(context);
  }
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(origin + (options.path ?? '/'));
  return { context, page, wallet, pageErrors, close: () => context.close() };
}
