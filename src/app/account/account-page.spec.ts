import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type Server, createServer } from 'node:http';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, queryButton, textOf } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../testing/read-model';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import type { NodeTradeReport, NodeTradeState } from '../nodes/node-protocol';
import { AccountPage } from './account-page';

/** What a node reports about its side of trade `tradeId` of 4 Wh, as the proxy relays it. */
function report(tradeId: string, role: 'export' | 'import', state: NodeTradeState, deliveredMilliWh: number): NodeTradeReport {
  return {
    tradeId: Number(tradeId),
    role,
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
 * /api/nodes/{account}/trades/{id} answers what the test says that node
 * reports (keyed "account/id"), GET /api/nodes/{account}/queue an idle node
 * at time scale 1.
 */
function startNodeProxy(reports: Map<string, object>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
    const queue = /^\/api\/nodes\/(0x[0-9a-fA-F]{40})\/queue$/.exec(request.url ?? '');
    if (queue) {
      response.writeHead(200, headers);
      response.end(JSON.stringify({ account: queue[1], node: { activeTradeId: null, backlogMilliWh: 0, powerW: 0, timeScale: 1 }, waitingTrades: 0, waitingMilliWh: 0 }));
      return;
    }
    const match = /^\/api\/nodes\/(0x[0-9a-fA-F]{40})\/trades\/(\d+)$/.exec(request.url ?? '');
    const found = match ? reports.get(`${match[1].toLowerCase()}/${match[2]}`) : undefined;
    response.writeHead(found ? 200 : 404, headers);
    response.end(JSON.stringify(found ?? { error: 'unknown trade' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
  );
}

describe('AccountPage (My Account)', () => {
  let chain: LocalChain;
  let wallet: TestWallet;
  let readModel: ReadModelServices;
  let node: { server: Server; url: string };
  const reports = new Map<string, object>();

  beforeAll(async () => {
    chain = await startLocalChain({ settlementWindowSeconds: WINDOW_SECONDS });
    readModel = await startReadModel(chain);
    node = await startNodeProxy(reports);
  });
  afterAll(async () => {
    await new Promise((resolve) => node.server.close(resolve));
    await readModel?.stop();
    await chain.stop();
  });
  afterEach(() => wallet.destroy());

  async function render(account: number): Promise<{ fixture: ComponentFixture<AccountPage>; root: HTMLElement }> {
    localStorage.clear();
    localStorage.setItem('energy-market.wallet', 'org.example.test-wallet');
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![account].privateKey, connected: true });
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet, nodeApiBaseUrl: node.url, config: readModel.config }) });
    const fixture = TestBed.createComponent(AccountPage);
    const root = fixture.nativeElement as HTMLElement;
    await until(fixture, () => /Balance: ETH \d/.test(textOf(root)) && !textOf(root).includes('Loading'));
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

  it('follows a bought trade from waiting to delivering (power, both figures, time left) to settled on both meters', async () => {
    await (await chain.marketplace(chain.accounts[3]).createOffer(10_000n, 100n * GWEI)).wait();
    const offerId = await chain.marketplace().orderCount();
    const { fixture, root } = await render(2);
    const seller = chain.accounts[3].address.toLowerCase();
    const buyer = chain.accounts[2].address.toLowerCase();

    // Another page (the market) buys; this page sees the trade appear live.
    await (await chain.marketplace(chain.accounts[2]).buy(offerId, 4000n, { value: 4000n * 100n * GWEI })).wait();
    const tradeId = String(await chain.marketplace().tradeCount());
    await until(fixture, () => textOf(root.querySelector('app-my-trades-table')).includes(`#${tradeId}`));
    const row = () => [...root.querySelectorAll('tr[app-trade-row]')].find((candidate) => textOf(candidate).startsWith(`Trade #${tradeId}`))!;
    expect(textOf(row())).toContain('Waiting for delivery');
    // When the buyer may take the money back, if the delivery is not settled by then.
    const deadline = Number((await chain.marketplace().getTrade(BigInt(tradeId))).deadline);
    expect(textOf(row())).toContain(`If not settled, you may reclaim it from ${new Date(deadline * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC.`);
    await until(fixture, () => textOf(row()).includes("Waiting for Demo household 4's node to start."), 4000);

    reports.set(`${seller}/${tradeId}`, report(tradeId, 'export', 'delivering', 1000));
    reports.set(`${buyer}/${tradeId}`, report(tradeId, 'import', 'delivering', 980));
    await until(fixture, () => textOf(row()).includes('Delivering'), 4000);
    expect(row().querySelector('progress')?.value).toBe(25);
    // 3 Wh left at 60 W: 3 minutes.
    await until(fixture, () => textOf(row()).includes('60 W now: sent 1.000 Wh, received 0.980 Wh of 4 Wh (25%), about 3 min left'), 4000);

    reports.set(`${seller}/${tradeId}`, report(tradeId, 'export', 'delivering', 3000));
    await until(fixture, () => row().querySelector('progress')?.value === 75, 4000);

    reports.set(`${seller}/${tradeId}`, report(tradeId, 'export', 'delivered', 4000));
    reports.set(`${buyer}/${tradeId}`, report(tradeId, 'import', 'delivered', 3920));
    await until(fixture, () => textOf(row()).includes('Delivered, settling'), 4000);
    await until(fixture, () => textOf(row()).includes('Delivered: sent 4.000 Wh, received 3.920 Wh of 4 Wh'), 4000);

    await (await chain.marketplace(chain.operator).settle({ tradeId: BigInt(tradeId), sentMilliWh: 4000n, receivedMilliWh: 3920n, buyerMetered: true })).wait();
    await until(fixture, () => textOf(row()).includes('Settled'));
    expect(row().querySelector('.trade-state')?.getAttribute('data-metering')).toBe('two-sided');
    expect(textOf(row())).toContain('Sent 4.000 Wh, received 3.920 Wh; seller paid ETH 0.000392 for 3.920 Wh, ETH 0.000008 refunded to the buyer.');
  });

  it('shows a disputed settlement and a one-sided one with what each meter measured', async () => {
    await (await chain.marketplace(chain.accounts[3]).createOffer(8_000n, 100n * GWEI)).wait();
    const offerId = await chain.marketplace().orderCount();
    await (await chain.marketplace(chain.accounts[6]).buy(offerId, 4000n, { value: 4000n * 100n * GWEI })).wait();
    const disputed = await chain.marketplace().tradeCount();
    await (await chain.marketplace(chain.accounts[6]).buy(offerId, 4000n, { value: 4000n * 100n * GWEI })).wait();
    const oneSided = await chain.marketplace().tradeCount();
    await (await chain.marketplace(chain.operator).settle({ tradeId: disputed, sentMilliWh: 4000n, receivedMilliWh: 1600n, buyerMetered: true })).wait();
    await (await chain.marketplace(chain.operator).settle({ tradeId: oneSided, sentMilliWh: 4000n, receivedMilliWh: 0n, buyerMetered: false })).wait();

    const { fixture, root } = await render(6);
    const row = (id: bigint) => [...root.querySelectorAll('tr[app-trade-row]')].find((candidate) => textOf(candidate).startsWith(`Trade #${id}`))!;
    await until(fixture, () => row(disputed) && row(oneSided));
    expect(textOf(row(disputed).querySelector('.trade-state'))).toBe('Settled, disputed');
    expect(textOf(row(disputed))).toContain(
      'Sent 4.000 Wh, received 1.600 Wh, disputed (more was lost on the way than the line-loss allowance); seller paid ETH 0.00016 for 1.600 Wh, ETH 0.00024 refunded to the buyer.',
    );
    expect(textOf(row(oneSided).querySelector('.trade-state'))).toBe('Settled, one-sided');
    expect(textOf(row(oneSided))).toContain('Sent 4.000 Wh, one-sided (the buyer has no meter); seller paid ETH 0.0004 for 4.000 Wh.');
  });

  it('offers Reclaim once an unsettled trade passes its deadline, and shows it refunded after', async () => {
    await (await chain.marketplace(chain.accounts[5]).createOffer(1000n, 100n * GWEI)).wait();
    const offerId = await chain.marketplace().orderCount();
    await (await chain.marketplace(chain.accounts[4]).buy(offerId, 1000n, { value: 1000n * 100n * GWEI })).wait();
    const tradeId = String(await chain.marketplace().tradeCount());
    const { fixture, root } = await render(4);
    const row = () => [...root.querySelectorAll('tr[app-trade-row]')].find((candidate) => textOf(candidate).startsWith(`Trade #${tradeId}`))!;
    await until(fixture, () => row());
    expect(queryButton(row(), 'Reclaim')).toBeUndefined();

    await chain.increaseTime(WINDOW_SECONDS + 1);
    await until(fixture, () => textOf(row()).includes('Reclaimable'), 4000);
    buttonByText(row(), 'Reclaim').click();
    await wallet.nextRequest('eth_sendTransaction');
    await wallet.confirm();
    await until(fixture, () => textOf(row()).includes('Reclaimed by the buyer'));
    expect(textOf(row())).toContain('ETH 0.0001 returned to the buyer.');
    await expect(chain.marketplace().getTrade(BigInt(tradeId))).rejects.toThrow();
  });

  it('shows the seller the same trade as sold, without a Reclaim button', async () => {
    const { fixture, root } = await render(5);
    await until(fixture, () => root.querySelector('tr[app-trade-row]'));
    const row = root.querySelector('tr[app-trade-row]')!;
    expect(textOf(row)).toContain('Sold to');
    expect(textOf(row)).toContain('Reclaimed by the buyer');
    expect(queryButton(row, 'Reclaim')).toBeUndefined();
  });
});
