/**
 * The one JSON-RPC client, over HTTP and WebSocket, against a real Ganache:
 * the same request, batch and error shapes on both transports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import ganache, { type Server } from 'ganache';

import { JsonRpcError, JsonRpcHttpClient, JsonRpcUnavailable, JsonRpcWsClient } from '../../scripts/lib/json-rpc';
import { freePort } from '../support/ports';

describe('the JSON-RPC client', () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = ganache.server({ chain: { chainId: 1337, networkId: 1337 }, logging: { quiet: true }, miner: { instamine: 'eager' } });
    await server.listen(0, '127.0.0.1');
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());

  for (const transport of ['http', 'ws'] as const) {
    describe(`over ${transport}`, () => {
      let client: JsonRpcHttpClient | JsonRpcWsClient;
      before(async () => {
        client = transport === 'http' ? new JsonRpcHttpClient(`http://127.0.0.1:${port}`) : await JsonRpcWsClient.open(`ws://127.0.0.1:${port}`);
      });
      after(() => client.close());

      it('answers a request with its result', async () => {
        assert.equal(await client.request('eth_chainId'), '0x539');
      });

      it('answers a batch in call order, an error in its place', async () => {
        const answers = await client.batch([{ method: 'net_version' }, { method: 'no_such_method' }, { method: 'eth_chainId', params: [] }]);
        assert.deepEqual(answers[0], { result: '1337' });
        assert.ok('error' in answers[1] && answers[1].error instanceof JsonRpcError && /does not exist/.test(answers[1].error.message));
        assert.deepEqual(answers[2], { result: '0x539' });
      });

      it('rejects with the server error, its code and method', async () => {
        await assert.rejects(client.request('no_such_method'), (error: unknown) => {
          assert.ok(error instanceof JsonRpcError);
          // Ganache 7 gives unknown methods -32700, not the -32601 of the specification.
          assert.equal(error.code, -32700);
          assert.match(error.message, /^no_such_method: The method no_such_method does not exist/);
          return true;
        });
      });
    });
  }

  it('says the chain is unavailable when nothing listens, over both transports', async () => {
    const closed = await freePort();
    await assert.rejects(new JsonRpcHttpClient(`http://127.0.0.1:${closed}`).request('eth_chainId'), JsonRpcUnavailable);
    await assert.rejects(JsonRpcWsClient.open(`ws://127.0.0.1:${closed}`, { timeoutMs: 500 }), JsonRpcUnavailable);
  });

  it('hands over subscription notifications over WebSocket', async () => {
    const client = await JsonRpcWsClient.open(`ws://127.0.0.1:${port}`);
    try {
      const heads: unknown[] = [];
      const received = new Promise<void>((resolve) => {
        void client.subscribe(['newHeads'], (head) => {
          heads.push(head);
          resolve();
        }).then(() => client.request('evm_mine'));
      });
      await received;
      assert.match((heads[0] as { number: string }).number, /^0x/);
    } finally {
      client.close();
    }
  });
});
