/**
 * The indexer's own tables, beside those of its event sources:
 *
 * - index_state: one row, where the index stands (block and hash) and what it indexes;
 * - index_blocks: hashes of the blocks that may still be rolled back, to find
 *   the common ancestor after a reorganisation;
 * - index_undo: how each row looked before each of those blocks changed it;
 * - index_changes: what changed lately, for the server's live updates;
 * - chain_events and account_activity: every decoded event, and who it concerns
 *   (the explorer's pages of an address, a trade, an order).
 */
import { table } from '../lib/read-model/table';

export const indexState = table({
  name: 'index_state',
  columns: {
    id: { type: 'int' },
    chain_id: { type: 'int' },
    /** What is indexed: schema version, sources, their contracts; a change means re-indexing. */
    identity: { type: 'text' },
    block_number: { type: 'int' },
    block_hash: { type: 'text' },
    finalized_block: { type: 'int' },
    head_block: { type: 'int' },
    updated_at_ms: { type: 'int' },
  },
  primaryKey: ['id'],
});

export const indexBlocks = table({
  name: 'index_blocks',
  columns: { number: { type: 'int' }, hash: { type: 'text' }, parent_hash: { type: 'text' } },
  primaryKey: ['number'],
});

export const indexUndo = table({
  name: 'index_undo',
  columns: {
    seq: { type: 'int' },
    block_number: { type: 'int' },
    table_name: { type: 'text' },
    row_key: { type: 'text' },
    /** The row before the block changed it, as JSON; null if the block created it. */
    before: { type: 'text', nullable: true },
  },
  primaryKey: ['seq'],
  indexes: [{ name: 'index_undo_block', columns: ['block_number'] }],
});

export const indexChanges = table({
  name: 'index_changes',
  columns: {
    seq: { type: 'int' },
    block_number: { type: 'int' },
    /** 'order', 'trade', … (an entity), 'bulk' (much changed: read again) or 'rollback'. */
    kind: { type: 'text' },
    entity_id: { type: 'text' },
  },
  primaryKey: ['seq'],
});

export const chainEvents = table({
  name: 'chain_events',
  columns: {
    block_number: { type: 'int' },
    log_index: { type: 'int' },
    block_hash: { type: 'text' },
    tx_hash: { type: 'text' },
    /** Block time, unix seconds. */
    at: { type: 'int' },
    contract: { type: 'text' },
    name: { type: 'text' },
    order_id: { type: 'int', nullable: true },
    trade_id: { type: 'int', nullable: true },
    /** The event's arguments as JSON, integers as decimal text. */
    args: { type: 'text' },
  },
  primaryKey: ['block_number', 'log_index'],
  indexes: [
    { name: 'chain_events_trade', columns: ['trade_id', 'block_number', 'log_index'] },
    { name: 'chain_events_order', columns: ['order_id', 'block_number', 'log_index'] },
  ],
});

export const accountActivity = table({
  name: 'account_activity',
  columns: { account: { type: 'text' }, block_number: { type: 'int' }, log_index: { type: 'int' } },
  primaryKey: ['account', 'block_number', 'log_index'],
});

export const CORE_TABLES = [indexState, indexBlocks, indexUndo, indexChanges, chainEvents, accountActivity] as const;
