import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type Server, createServer } from 'node:http';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, queryButton, textOf } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import type { NodeTradeReport, NodeTradeState } from '../nodes/node-protocol';
import { AccountPage } from './account-page';

/** What the seller's node reports about trade `tradeId` of 4 Wh, as the proxy relays it. */
function report(tradeId: string, state: NodeTradeState, deliveredMilliWh: number): NodeTradeReport {
  return {
    tradeId: Number(tradeId),
    role: 'export',
    quantityMilliWh: 4000,
    state,
    deliveredMilliWh,
    powerW: state === 'delivering' ? 60 : 0,
    startedAtMs: 1_000,
    endedAtMs: state === 'delivering' ? null : 241_000,
    stopReason: null,
    restarts: 0,
  };
}

const GWEI = 1_000_000_000n;
const WINDOW_SECONDS = 600;

/**
 * The main server's node proxy, as far as this page uses it: GET
 * /api/nodes/{seller}/trades/{id} answers what the test says the node reports.
 */
function startNodeProxy(reports: Map<string, object>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const match = /^\/api\/nodes\/(0x[0-9a-fA-F]{40})\/trades\/(\d+)$/.exec(request.url ?? '');
    const report = match ? reports.get(match[2]) : undefined;
    response.writeHead(report ? 200 : 404, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    response.end(JSON.stringify(report ?? { error: 'unknown trade' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
  );
}

describe('AccountPage (My Account)', () => {
  let chain: LocalChain;
  let wallet: TestWallet;
  let node: { server: Server; url: string };
  const reports = new Map<string, object>();

  beforeAll(async () => {
    chain = await startLocalChain({ settlementWindowSeconds: WINDOW_SECONDS });
    node = await startNodeProxy(reports);
  });
  afterAll(async () => {
    await new Promise((resolve) => node.server.close(resolve));
    await chain.stop();
  });
  afterEach(() => wallet.destroy());

  async function render(account: number): Promise<{ fixture: ComponentFixture<AccountPage>; root: HTMLElement }> {
    localStorage.clear();
    localStorage.setItem('energy-market.wallet', 'org.example.test-wallet');
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![account].privateKey, connected: true });
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet, nodeApiBaseUrl: node.url }) });
    const fixture = TestBed.createComponent(AccountPage);
    const root = fixture.nativeElement as HTMLElement;
    await until(fixture, () => textOf(root).includes('Balance:') && !textOf(root).includes('Loading'));
    return { fixture, root };
  }

  async function until(fixture: ComponentFixture<unknown>, check: () => unknown, timeoutMs = 5000): Promise<void> {
    await waitFor(async () => {
      await fixture.whenStable();
      return check();
    }, { timeoutMs, what: check.toString() });
  }

  it('shows my address (copyable), my balance, and my open orders with Cancel', async () => {
    await (await chain.marketplace(chain.accounts[1]).createOffer(2_000_000n, 100n * GWEI)).wait();
    await (await chain.marketplace(chain.accounts[1]).createRequest(500n, 50n * GWEI, { value: 500n * 50n * GWEI })).wait();
    const { fixture, root } = await render(1);

    expect(textOf(root)).toContain(chain.accounts[1].address);
    expect(queryButton(root, 'Copy')).toBeDefined();
    expect(textOf(root)).toMatch(/Balance: ETH 999\.99\d+/);
    const rows = [...root.querySelectorAll('app-my-orders tbody tr')];
    expect(rows.map((row) => textOf(row.querySelector('[data-label="Kind"]')))).toEqual(['Buy request', 'Sell offer']);
    expect(textOf(rows[1])).toContain('2 kWh');

    buttonByText(rows[0], 'Cancel').click();
    await wallet.nextRequest('eth_sendTransaction');
    await wallet.confirm();
    await until(fixture, () => root.querySelectorAll('app-my-orders tbody tr').length === 1);
    expect(textOf(root)).toContain('confirmed in block');
  });

  it('follows a bought trade from pending delivery to delivering (live progress) to settled', async () => {
    await (await chain.marketplace(chain.accounts[3]).createOffer(10_000n, 100n * GWEI)).wait();
    const offerId = await chain.marketplace().orderCount();
    const { fixture, root } = await render(2);

    // Another page (the market) buys; this page sees the trade appear live.
    await (await chain.marketplace(chain.accounts[2]).buy(offerId, 4000n, { value: 4000n * 100n * GWEI })).wait();
    const tradeId = String(await chain.marketplace().tradeCount());
    await until(fixture, () => textOf(root.querySelector('app-my-trades-table')).includes(`#${tradeId}`));
    const row = () => [...root.querySelectorAll('tr[app-trade-row]')].find((candidate) => textOf(candidate).startsWith(`#${tradeId}`))!;
    expect(textOf(row())).toContain('Pending delivery');
    await until(fixture, () => textOf(row()).includes("Waiting for Demo household 4's node to start."), 4000);

    reports.set(tradeId, report(tradeId, 'delivering', 1000));
    await until(fixture, () => textOf(row()).includes('Delivering'), 4000);
    expect(row().querySelector('progress')?.value).toBe(25);
    expect(textOf(row())).toContain('1 Wh of 4 Wh (25%)');

    reports.set(tradeId, report(tradeId, 'delivering', 3000));
    await until(fixture, () => row().querySelector('progress')?.value === 75, 4000);

    reports.set(tradeId, report(tradeId, 'delivered', 4000));
    await until(fixture, () => textOf(row()).includes('Delivered, awaiting settlement'), 4000);

    await (await chain.marketplace(chain.operator).settle({ tradeId: BigInt(tradeId), sentMilliWh: 3000n, receivedMilliWh: 0n, buyerMetered: false })).wait();
    await until(fixture, () => textOf(row()).includes('Delivered and settled'));
    expect(textOf(row())).toContain('Delivered 3 Wh of 4 Wh; seller paid ETH 0.0003, ETH 0.0001 refunded to the buyer.');
  });

  it('offers Reclaim once an unsettled trade passes its deadline, and shows it refunded after', async () => {
    await (await chain.marketplace(chain.accounts[5]).createOffer(1000n, 100n * GWEI)).wait();
    const offerId = await chain.marketplace().orderCount();
    await (await chain.marketplace(chain.accounts[4]).buy(offerId, 1000n, { value: 1000n * 100n * GWEI })).wait();
    const tradeId = String(await chain.marketplace().tradeCount());
    const { fixture, root } = await render(4);
    const row = () => [...root.querySelectorAll('tr[app-trade-row]')].find((candidate) => textOf(candidate).startsWith(`#${tradeId}`))!;
    await until(fixture, () => row());
    expect(queryButton(row(), 'Reclaim')).toBeUndefined();

    await chain.increaseTime(WINDOW_SECONDS + 1);
    await until(fixture, () => textOf(row()).includes('Reclaimable'), 4000);
    buttonByText(row(), 'Reclaim').click();
    await wallet.nextRequest('eth_sendTransaction');
    await wallet.confirm();
    await until(fixture, () => textOf(row()).includes('Refunded'));
    expect(textOf(row())).toContain('ETH 0.0001 returned to the buyer.');
    await expect(chain.marketplace().getTrade(BigInt(tradeId))).rejects.toThrow();
  });

  it('shows the seller the same trade as sold, without a Reclaim button', async () => {
    const { fixture, root } = await render(5);
    await until(fixture, () => root.querySelector('tr[app-trade-row]'));
    const row = root.querySelector('tr[app-trade-row]')!;
    expect(textOf(row)).toContain('Sold to');
    expect(textOf(row)).toContain('Refunded');
    expect(queryButton(row, 'Reclaim')).toBeUndefined();
  });
});
