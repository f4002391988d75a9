import { provideHttpClient, withFetch } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { type Server, createServer } from 'node:http';

import { textOf } from '../../testing/dom';
import { waitFor } from '../../testing/wait-for';
import { RUNTIME_CONFIG } from '../config/config.service';
import type { RuntimeConfig } from '../config/runtime-config';
import { DeliveryStart } from './delivery-start';
import { NODE_API_BASE_URL } from './node-api';
import type { NodeQueue } from './node-queue';

const SELLER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const BUYER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const NO_NODE = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

/** The main server's /api/nodes/{account}/queue, answering what the test says each node has. */
function startNodeProxy(queues: Map<string, NodeQueue | 'down'>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const account = /^\/api\/nodes\/(0x[0-9a-fA-F]{40})\/queue$/.exec(request.url ?? '')?.[1];
    const queue = account ? queues.get(account) : undefined;
    response.writeHead(queue ? 200 : 404, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    const answer = queue === 'down' ? { account, node: null, waitingTrades: 0, waitingMilliWh: 0 } : (queue ?? { error: 'no node' });
    response.end(JSON.stringify(answer));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
  );
}

const idle = (account: string): NodeQueue => ({ account, node: { activeTradeId: null, backlogMilliWh: 0, powerW: 0, timeScale: 1 }, waitingTrades: 0, waitingMilliWh: 0 });

describe('DeliveryStart (when a delivery would start, before buying)', () => {
  let proxy: { server: Server; url: string };
  const queues = new Map<string, NodeQueue | 'down'>();

  beforeAll(async () => {
    proxy = await startNodeProxy(queues);
  });
  afterAll(() => new Promise((resolve) => proxy.server.close(resolve)));

  async function render(seller: string, buyer: string | null): Promise<HTMLElement> {
    const config = { nodes: { [SELLER]: { label: 'House 2' }, [BUYER]: { label: 'House 3' } } } as unknown as RuntimeConfig;
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withFetch()), { provide: RUNTIME_CONFIG, useValue: config }, { provide: NODE_API_BASE_URL, useValue: proxy.url }],
    });
    const fixture = TestBed.createComponent(DeliveryStart);
    fixture.componentRef.setInput('seller', seller);
    fixture.componentRef.setInput('buyer', buyer);
    fixture.componentRef.setInput('me', buyer);
    const root = fixture.nativeElement as HTMLElement;
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root) !== '';
    }, { what: 'an estimate shown' });
    return root;
  }

  it('says at once when both nodes are free', async () => {
    queues.set(SELLER, idle(SELLER));
    queues.set(BUYER, idle(BUYER));
    expect(textOf(await render(SELLER, BUYER))).toBe('Delivery would start at once: both nodes are free.');
  });

  it("says how long the seller's node is busy: its delivery, and the trades waiting for it", async () => {
    // 198 Wh still to deliver at 60 W, and 2 Wh waiting: 200 Wh, 3 h 20 min.
    queues.set(SELLER, { account: SELLER, node: { activeTradeId: 4, backlogMilliWh: 198_000, powerW: 60, timeScale: 1 }, waitingTrades: 1, waitingMilliWh: 2_000 });
    queues.set(BUYER, idle(BUYER));
    expect(textOf(await render(SELLER, BUYER))).toBe("Delivery would start in about 3 h 20 min (200 Wh of other trades ahead at House 2's node).");
  });

  it('names my own node when it is the busier one', async () => {
    queues.set(SELLER, idle(SELLER));
    queues.set(BUYER, { account: BUYER, node: { activeTradeId: 5, backlogMilliWh: 1_000, powerW: 60, timeScale: 60 }, waitingTrades: 0, waitingMilliWh: 0 });
    expect(textOf(await render(SELLER, BUYER))).toBe('Delivery would start in about 1 s (1 Wh of other trades ahead at your node).');
  });

  it('says so when a node does not answer, or the seller has none', async () => {
    queues.set(SELLER, 'down');
    queues.set(BUYER, idle(BUYER));
    expect(textOf(await render(SELLER, BUYER))).toBe("House 2's node does not answer right now: the delivery starts when it is back.");
    TestBed.resetTestingModule();
    expect(textOf(await render(NO_NODE, BUYER))).toBe('The seller has no energy node yet: the delivery waits until one is registered.');
  });
});
