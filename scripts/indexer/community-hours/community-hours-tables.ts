/**
 * The community's hours in the read model, beside (not among) the chain's
 * tables: they come from the nodes, not from blocks, so a re-index or a
 * rollback leaves them alone.
 *
 * - node_readings: each signed status read from a node, kept for the hours
 *   shown (the hours are computed again from them after a restart);
 * - community_hours: the hours as the read API serves them. Energy in mWh.
 */
import { table } from '../../lib/read-model/table';

export const nodeReadings = table({
  name: 'node_readings',
  columns: {
    node: { type: 'text' },
    /** Community clock, ms. */
    at_ms: { type: 'int' },
    /** The node's status as JSON (src/app/nodes/node-protocol.ts NodeStatus). */
    status: { type: 'text' },
  },
  primaryKey: ['node', 'at_ms'],
  indexes: [{ name: 'node_readings_at', columns: ['at_ms'] }],
});

export const communityHours = table({
  name: 'community_hours',
  columns: {
    /** Hours since the community clock's 0. */
    hour: { type: 'int' },
    time_of_day: { type: 'text' },
    pv_mwh: { type: 'int' },
    load_mwh: { type: 'int' },
    unmet_load_mwh: { type: 'int' },
    curtailed_mwh: { type: 'int' },
    traded_mwh: { type: 'int' },
    battery_mwh: { type: 'int' },
    battery_capacity_mwh: { type: 'int' },
    nodes: { type: 'int' },
  },
  primaryKey: ['hour'],
});

export const COMMUNITY_HOURS_TABLES = [nodeReadings, communityHours] as const;
