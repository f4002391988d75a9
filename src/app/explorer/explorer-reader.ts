import { getAddress } from 'ethers';

import type { MarketplaceDeployment } from '../config/runtime-config';
import { revertDataCandidates } from '../core/error-details';
import { BLOCKS_PER_PAGE, type BlockPage, blockPage, missingNumbers } from './block-paging';
import { ExplorerError, explainRpcFailure } from './explorer-error';
import { addressLink, blockLink, txLink } from './explorer-links';
import { type MarketCall, describeMarketCall, describeRevert } from './market-calls';
import { type DecodedMarketLog, MarketEventDecoder } from './market-events';
import { type Phrase, describeMarketEvent } from './market-wording';
import { DEFAULT_RPC_TIMEOUT_MS, type RpcCall, type RpcSender, sendBatch, sendBatchSettled, toQuantity } from './rpc-batch';
import {
  type BlockSummary,
  type LogEntry,
  type RawBlock,
  type RawLog,
  type RawReceipt,
  type RawTransaction,
  type TransactionSummary,
  parseBlock,
  parseLog,
  parseQuantity,
  parseTransaction,
} from './rpc-shapes';
import { SEARCH_HINT, classifySearch } from './search-query';

export interface LatestBlocks {
  readonly head: number;
  readonly page: BlockPage;
  /** Newest first; exactly the page's blocks. */
  readonly blocks: readonly BlockSummary[];
}

export interface BlockTransaction extends TransactionSummary {
  /** What the transaction asked of the marketplace, when it called it. */
  readonly call: MarketCall | null;
}

export interface BlockDetails {
  readonly head: number;
  readonly block: BlockSummary;
  readonly transactions: readonly BlockTransaction[];
}

export interface TransactionEvent extends DecodedMarketLog {
  readonly phrase: Phrase;
}

export type TransactionStatus = 'pending' | 'success' | 'failed';

export interface TransactionDetails {
  readonly head: number;
  readonly tx: TransactionSummary;
  readonly status: TransactionStatus;
  /** When its block was mined (unix seconds); null while pending. */
  readonly timestamp: number | null;
  readonly gasUsed: bigint | null;
  readonly effectiveGasPrice: bigint | null;
  readonly feeWei: bigint | null;
  readonly contractCreated: string | null;
  readonly toIsMarketplace: boolean;
  /** Sent by the meter operator named in the runtime config (settlements). */
  readonly fromIsOperator: boolean;
  readonly call: MarketCall | null;
  /** For a failed marketplace call: its custom error, found by replaying it on the parent block. */
  readonly revertReason: string | null;
  readonly events: readonly TransactionEvent[];
  readonly logs: readonly LogEntry[];
}

export type AddressRole = 'marketplace' | 'operator' | 'contract' | 'account';

export interface MarketplaceStats {
  readonly orderCount: bigint;
  readonly tradeCount: bigint;
  readonly settlementWindowSeconds: bigint;
}

/** What the chain says of an address now: a constant number of reads, whatever the ledger's history. */
export interface AddressDetails {
  readonly head: number;
  readonly address: string;
  readonly role: AddressRole;
  readonly operator: string;
  readonly balanceWei: bigint;
  readonly nonce: number;
  readonly creditsWei: bigint;
  readonly marketplace: MarketplaceStats | null;
}

export type SearchOutcome =
  | { readonly kind: 'found'; readonly path: string; readonly what: 'block' | 'transaction' | 'address' | 'trade' | 'order' }
  /** Several things match (block #2 and trade #2, two households named alike): the person picks. */
  | { readonly kind: 'choose'; readonly message: string; readonly options: readonly { readonly label: string; readonly path: string }[] }
  | { readonly kind: 'not-found' | 'invalid'; readonly message: string };

const BLOCK_NUMBER: RpcCall = { method: 'eth_blockNumber', params: [] };
const HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * Everything the explorer reads, each page in a fixed, small number of batched
 * JSON-RPC round trips whatever the chain's height:
 * latest blocks 2 (1 for a named page), block 1, transaction 2, address 1,
 * search 1.
 */
export class ExplorerReader {
  readonly decoder: MarketEventDecoder;

  constructor(
    private readonly rpc: RpcSender,
    private readonly market: Pick<MarketplaceDeployment, 'address' | 'abi' | 'deployedOnBlock' | 'operator'>,
    private readonly timeoutMs = DEFAULT_RPC_TIMEOUT_MS,
  ) {
    this.decoder = new MarketEventDecoder(market.abi, market.address);
  }

  private batch(calls: readonly RpcCall[]): Promise<unknown[]> {
    return sendBatch(this.rpc, calls, this.timeoutMs);
  }

  async head(): Promise<number> {
    const [head] = await this.batch([BLOCK_NUMBER]);
    return Number(parseQuantity(head));
  }

  /** Block headers by number in one batch, newest first; numbers above the head are left out. */
  async blocksByNumber(numbers: readonly number[]): Promise<BlockSummary[]> {
    const raw = await this.batch(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n), false] })));
    return sortNewestFirst(raw.filter((b): b is RawBlock => b != null).map(parseBlock));
  }

  /** A page of the latest blocks: the newest page when `top` is not given. */
  async latestBlocks(top?: number, size = BLOCKS_PER_PAGE): Promise<LatestBlocks> {
    if (top === undefined) {
      const head = await this.head();
      const page = blockPage(head, undefined, size);
      return { head, page, blocks: await this.blocksByNumber(page.numbers) };
    }
    // A named page needs no head first: ask for its blocks and the head together.
    const wanted = blockPage(top, top, size).numbers;
    const [headHex, ...raw] = await this.batch([
      BLOCK_NUMBER,
      ...wanted.map((n) => ({ method: 'eth_getBlockByNumber', params: [toQuantity(n), false] })),
    ]);
    const head = Number(parseQuantity(headHex));
    const page = blockPage(head, top, size);
    let blocks = raw.filter((b): b is RawBlock => b != null).map(parseBlock).filter((b) => page.numbers.includes(b.number));
    // Only when `top` lies above the head (a link from before a chain reset) does a second batch run.
    const missing = missingNumbers(page.numbers, new Set(blocks.map((b) => b.number)));
    if (missing.length > 0) blocks = blocks.concat(await this.blocksByNumber(missing));
    return { head, page, blocks: sortNewestFirst(blocks) };
  }

  /** A block by decimal number or by hash, with its transactions. */
  async block(id: string): Promise<BlockDetails> {
    const text = id.trim();
    const byNumber = /^\d+$/.test(text);
    if (!byNumber && !HASH.test(text)) {
      throw new ExplorerError('invalid', `“${id}” is neither a block number nor a block hash (0x and 64 hex digits).`);
    }
    const call: RpcCall = byNumber
      ? { method: 'eth_getBlockByNumber', params: [toQuantity(BigInt(text)), true] }
      : { method: 'eth_getBlockByHash', params: [text.toLowerCase(), true] };
    const [raw, headHex] = await this.batch([call, BLOCK_NUMBER]);
    const head = Number(parseQuantity(headHex));
    if (raw == null) {
      throw new ExplorerError(
        'not-found',
        byNumber ? `There is no block #${text} yet: the latest block is #${head}.` : `No block has the hash ${text}.`,
      );
    }
    const rawBlock = raw as RawBlock;
    const transactions = rawBlock.transactions
      .filter((t): t is RawTransaction => typeof t === 'object')
      .map((t) => {
        const tx = parseTransaction(t);
        return { ...tx, call: this.decoder.isMarketplace(tx.to) ? describeMarketCall(this.decoder.iface, tx.input, tx.value) : null };
      });
    return { head, block: parseBlock(rawBlock), transactions };
  }

  /** A transaction with its receipt, decoded marketplace events and raw logs. */
  async transaction(hash: string): Promise<TransactionDetails> {
    const text = hash.trim();
    if (!HASH.test(text)) throw new ExplorerError('invalid', `“${hash}” is not a transaction hash (0x and 64 hex digits).`);
    const [rawTx, rawReceipt, headHex] = await this.batch([
      { method: 'eth_getTransactionByHash', params: [text.toLowerCase()] },
      { method: 'eth_getTransactionReceipt', params: [text.toLowerCase()] },
      BLOCK_NUMBER,
    ]);
    const head = Number(parseQuantity(headHex));
    if (rawTx == null) throw new ExplorerError('not-found', `No transaction with the hash ${text} is known to the chain.`);
    const tx = parseTransaction(rawTx as RawTransaction);
    const receipt = tx.blockNumber == null ? null : (rawReceipt as RawReceipt | null);
    const status: TransactionStatus = receipt == null ? 'pending' : receipt.status === '0x0' ? 'failed' : 'success';
    const toIsMarketplace = this.decoder.isMarketplace(tx.to);
    const call = toIsMarketplace ? describeMarketCall(this.decoder.iface, tx.input, tx.value) : null;

    let timestamp: number | null = null;
    let revertReason: string | null = null;
    if (tx.blockNumber != null) {
      const followUp: RpcCall[] = [{ method: 'eth_getBlockByNumber', params: [toQuantity(tx.blockNumber), false] }];
      // A receipt does not say why a call failed: replaying it on the parent block's state does.
      const replay = status === 'failed' && toIsMarketplace && tx.blockNumber > 0;
      if (replay) {
        followUp.push({
          method: 'eth_call',
          params: [
            { from: tx.from, to: tx.to, data: tx.input, value: toQuantity(tx.value), gas: toQuantity(tx.gasLimit) },
            toQuantity(tx.blockNumber - 1),
          ],
        });
      }
      const [blockOutcome, replayOutcome] = await sendBatchSettled(this.rpc, followUp, this.timeoutMs);
      if (!blockOutcome.ok) throw explainRpcFailure(blockOutcome.error);
      if (blockOutcome.value) timestamp = Number(parseQuantity((blockOutcome.value as RawBlock).timestamp));
      if (replayOutcome && !replayOutcome.ok) revertReason =
          revertDataCandidates(replayOutcome.error)
            .map((data) => describeRevert(this.decoder.iface, data, call?.name))
            .find((reason) => reason != null) ?? 'The marketplace refused the call; its reason could not be read back.';
    }

    const logs = (receipt?.logs ?? []).map(parseLog);
    const context = { sender: tx.from, calledFunction: call?.name ?? null };
    const events = this.decoder.decodeAll(logs).map((d) => ({ ...d, phrase: describeMarketEvent(d.event, context) }));
    const gasUsed = receipt ? BigInt(receipt.gasUsed) : null;
    const effectiveGasPrice = receipt?.effectiveGasPrice ? BigInt(receipt.effectiveGasPrice) : tx.gasPrice;
    return {
      head,
      tx,
      status,
      timestamp,
      gasUsed,
      effectiveGasPrice,
      feeWei: gasUsed != null && effectiveGasPrice != null ? gasUsed * effectiveGasPrice : null,
      contractCreated: receipt?.contractAddress ? getAddress(receipt.contractAddress) : null,
      toIsMarketplace,
      fromIsOperator: tx.from.toLowerCase() === this.market.operator.toLowerCase(),
      call,
      revertReason,
      events,
      logs,
    };
  }

  /**
   * An account or contract: balance, nonce, code, credits and the operator,
   * and the marketplace's counters on its own page, in one batch of chain
   * reads whose cost does not grow with the ledger. Its market activity
   * (events, trades, orders) comes from the read API, a page at a time.
   */
  async address(input: string): Promise<AddressDetails> {
    let address: string;
    try {
      address = getAddress(input.trim());
    } catch {
      throw new ExplorerError('invalid', `“${input}” is not an address (0x and 40 hex digits, with a valid checksum if mixed case).`);
    }
    const iface = this.decoder.iface;
    const market = this.decoder.address;
    const isMarketplace = this.decoder.isMarketplace(address);
    const view = (name: string, args: unknown[] = []): RpcCall => ({
      method: 'eth_call',
      params: [{ to: market, data: iface.encodeFunctionData(name, args) }, 'latest'],
    });
    const calls: RpcCall[] = [
      BLOCK_NUMBER,
      { method: 'eth_getBalance', params: [address, 'latest'] },
      { method: 'eth_getTransactionCount', params: [address, 'latest'] },
      { method: 'eth_getCode', params: [address, 'latest'] },
      view('operator'),
      view('credits', [address]),
      ...(isMarketplace ? [view('orderCount'), view('tradeCount'), view('settlementWindow')] : []),
    ];
    const [headHex, balance, nonce, code, operatorData, creditsData, ...stats] = await this.batch(calls);
    const operator = getAddress(iface.decodeFunctionResult('operator', operatorData as string)[0] as string);
    const role: AddressRole = isMarketplace
      ? 'marketplace'
      : address === operator
        ? 'operator'
        : code !== '0x' && code != null
          ? 'contract'
          : 'account';
    let marketplace: MarketplaceStats | null = null;
    if (isMarketplace) {
      const [orderCount, tradeCount, window] = stats.map((data, i) =>
        iface.decodeFunctionResult(['orderCount', 'tradeCount', 'settlementWindow'][i], data as string)[0] as bigint,
      );
      marketplace = { orderCount, tradeCount, settlementWindowSeconds: window };
    }
    return {
      head: Number(parseQuantity(headHex)),
      address,
      role,
      operator,
      balanceWei: parseQuantity(balance),
      nonce: Number(parseQuantity(nonce)),
      creditsWei: iface.decodeFunctionResult('credits', creditsData as string)[0] as bigint,
      marketplace,
    };
  }

  /**
   * Where the search box leads among what the chain holds (blocks,
   * transactions, addresses): one batch at most (a 32-byte hash asks for a
   * block and a transaction at once). Trades, orders and names are found in
   * the read model (explorer-search.ts).
   */
  async search(input: string): Promise<SearchOutcome> {
    const query = classifySearch(input);
    switch (query.kind) {
      case 'number':
      case 'trade':
      case 'order':
      case 'name':
        return { kind: 'invalid', message: SEARCH_HINT };
      case 'empty':
        return { kind: 'invalid', message: SEARCH_HINT };
      case 'invalid':
        return { kind: 'invalid', message: query.message };
      case 'address':
        return { kind: 'found', path: addressLink(query.address), what: 'address' };
      case 'block-number': {
        const head = await this.head();
        return query.number <= head
          ? { kind: 'found', path: blockLink(query.number), what: 'block' }
          : { kind: 'not-found', message: `There is no block #${query.number} yet: the latest block is #${head}.` };
      }
      case 'hash': {
        const [block, tx] = await this.batch([
          { method: 'eth_getBlockByHash', params: [query.hash, false] },
          { method: 'eth_getTransactionByHash', params: [query.hash] },
        ]);
        if (block != null) return { kind: 'found', path: blockLink(query.hash), what: 'block' };
        if (tx != null) return { kind: 'found', path: txLink(query.hash), what: 'transaction' };
        return { kind: 'not-found', message: `No block and no transaction has the hash ${query.hash}.` };
      }
    }
  }
}

function sortNewestFirst(blocks: BlockSummary[]): BlockSummary[] {
  return blocks.sort((a, b) => b.number - a.number);
}
