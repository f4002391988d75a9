/**
 * Reads every registered node's signed status every `sampleMinutes` of the
 * community clock (as the agent service does: the emulators' time scale
 * applies) and keeps the community's hours in the read model: PV, load,
 * unmet load, curtailment, energy sent for trades, and the batteries' stored
 * energy (scripts/lib/community-picture.ts adds them up). Each reading is
 * stored, so a restart computes the same hours again and carries on.
 */
import { parseNodeStatus } from '../../../src/app/nodes/node-protocol';
import type { ApiCommunityHour } from '../../../src/app/read-model/api-shapes';
import type { CommunityClock } from '../../lib/community-clock';
import { CommunityPicture } from '../../lib/community-picture';
import type { Logger } from '../../lib/logger';
import { createTables } from '../../lib/read-model/create-tables';
import type { Db, ReadModelDatabase } from '../../lib/read-model/open-database';
import type { NodeEntry } from '../../nodes/node-registry';
import { readSignedStatus } from '../../nodes/signed-status';
import { COMMUNITY_HOURS_TABLES, communityHours, nodeReadings } from './community-hours-tables';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** Hours kept (the read API serves up to this many). */
export const COMMUNITY_HOURS_KEPT = 48;

export interface CommunityHoursOptions {
  readonly database: ReadModelDatabase;
  /** The registered nodes and their secrets, read again each round: a node added while running is read too. */
  readonly nodes: () => { readonly nodes: readonly NodeEntry[]; readonly secretOf: (account: string) => string | undefined };
  readonly clock: CommunityClock;
  readonly sampleMinutes: number;
  readonly log: Logger;
}

export class CommunityHoursRecorder {
  private picture: CommunityPicture;
  private timer?: NodeJS.Timeout;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: CommunityHoursOptions) {
    this.picture = this.newPicture();
  }

  /** Creates the tables and computes the kept hours again from the stored readings. */
  async open(): Promise<void> {
    const { db, engine } = this.options.database;
    await createTables(db, engine, COMMUNITY_HOURS_TABLES);
    const rows = await db
      .selectFrom(nodeReadings.name)
      .select(['node', 'at_ms', 'status'])
      .where('at_ms', '>=', this.oldestKeptMs())
      .orderBy('at_ms')
      .execute();
    this.picture = this.newPicture();
    for (const row of rows) this.picture.add(String(row.node), Number(row.at_ms), parseNodeStatus(JSON.parse(String(row.status))));
  }

  start(): void {
    this.round = this.sampleSafely().finally(() => this.schedule());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round: every node read at once, the readings and the hours written in one transaction. */
  async sample(): Promise<void> {
    const { nodes, secretOf } = this.options.nodes();
    const readings = await Promise.all(
      nodes.map(async (node) => {
        const secret = secretOf(node.account);
        if (!secret) return undefined;
        const read = await readSignedStatus(node.url, secret);
        if ('problem' in read) {
          this.options.log.debug({ node: node.slug }, `${node.slug}: ${read.problem}`);
          return undefined;
        }
        return { node: node.account.toLowerCase(), atMs: this.options.clock.nowMs(), status: read.status };
      }),
    );
    const fresh = readings.filter((reading) => reading !== undefined);
    if (fresh.length === 0 || this.stopped) return;
    for (const reading of fresh) this.picture.add(reading.node, reading.atMs, reading.status);
    const hours = this.picture.picture(COMMUNITY_HOURS_KEPT);
    const oldest = this.oldestKeptMs();
    try {
      await this.options.database.db.transaction().execute(async (tx) => {
        await tx
          .insertInto(nodeReadings.name)
          .values(fresh.map((reading) => ({ node: reading.node, at_ms: BigInt(Math.round(reading.atMs)), status: JSON.stringify(reading.status) })))
          .onConflict((conflict) => conflict.columns(['node', 'at_ms']).doNothing())
          .execute();
        await saveCommunityHours(tx, hours);
        await tx.deleteFrom(nodeReadings.name).where('at_ms', '<', oldest).execute();
        await tx.deleteFrom(communityHours.name).where('hour', '<', BigInt(Math.floor(oldest / MS_PER_HOUR))).execute();
      });
    } catch (error) {
      this.options.log.warn(`the community's hours were not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async sampleSafely(): Promise<void> {
    try {
      await this.sample();
    } catch (error) {
      this.options.log.warn(`the nodes were not read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const every = this.options.sampleMinutes * MS_PER_MINUTE;
    const next = (Math.floor(this.options.clock.nowMs() / every) + 1) * every;
    this.timer = setTimeout(() => {
      this.round = this.sampleSafely().finally(() => this.schedule());
    }, Math.max(10, this.options.clock.realMsUntil(next)));
  }

  /** Community clock ms of the oldest reading kept: the kept hours and the one before them (its last reading starts the first). */
  private oldestKeptMs(): number {
    return (Math.floor(this.options.clock.nowMs() / MS_PER_HOUR) - COMMUNITY_HOURS_KEPT) * MS_PER_HOUR;
  }

  private newPicture(): CommunityPicture {
    return new CommunityPicture((atMs) => this.options.clock.timeOfDay(atMs).slice(0, 3) + '00', COMMUNITY_HOURS_KEPT);
  }
}

/** Writes the hours over those stored (one row per hour of the community clock). */
export async function saveCommunityHours(db: Db, hours: readonly ApiCommunityHour[]): Promise<void> {
  for (const hour of hours) {
    const row = {
      hour: BigInt(hour.hour),
      time_of_day: hour.timeOfDay,
      pv_mwh: milliWh(hour.pvWh),
      load_mwh: milliWh(hour.loadWh),
      unmet_load_mwh: milliWh(hour.unmetLoadWh),
      curtailed_mwh: milliWh(hour.curtailedWh),
      traded_mwh: milliWh(hour.tradedWh),
      battery_mwh: milliWh(hour.batteryWh),
      battery_capacity_mwh: milliWh(hour.batteryCapacityWh),
      nodes: BigInt(hour.nodes),
    };
    const { hour: _key, ...changes } = row;
    await db.insertInto(communityHours.name).values(row).onConflict((conflict) => conflict.column('hour').doUpdateSet(changes)).execute();
  }
}

function milliWh(wh: number): bigint {
  return BigInt(Math.round(wh * 1000));
}
