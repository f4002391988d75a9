/**
 * What the agent did for each household and why, in sentences a person reads:
 * appended to data/agents/activity.jsonl (one entry a line) and kept in memory,
 * the newest entries of each household, for the API.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import { writeFileAtomic } from '../lib/atomic-write';

import type { AgentActivityEntry, AgentActivityPage } from '../../src/app/agents/agent-api';

/** Entries kept in memory per household. */
const KEPT_PER_HOUSEHOLD = 1000;
/** A larger file is rewritten at start with the kept entries only, so it never grows without end. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export type NewActivity = Omit<AgentActivityEntry, 'id' | 'atMs'>;

export class ActivityLog {
  private readonly byHousehold = new Map<string, AgentActivityEntry[]>();
  private nextId = 1;

  constructor(
    private readonly path: string,
    private readonly onEntry: (entry: AgentActivityEntry) => void = () => undefined,
  ) {
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        this.keep(JSON.parse(line) as AgentActivityEntry);
      } catch {
        // A line torn by a power cut: the entries before and after it stand.
      }
    }
    if (statSync(path).size > MAX_FILE_BYTES) {
      const kept = [...this.byHousehold.values()].flat().sort((a, b) => a.id - b.id);
      writeFileAtomic(path, kept.map((entry) => JSON.stringify(entry) + '\n').join(''));
    }
  }

  add(activity: NewActivity, nowMs = Date.now()): AgentActivityEntry {
    const entry: AgentActivityEntry = { id: this.nextId, atMs: nowMs, ...activity };
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, JSON.stringify(entry) + '\n');
    this.keep(entry);
    this.onEntry(entry);
    return entry;
  }

  /** Newest first; `before` an id for the page after. */
  page(household: string, limit: number, before?: number): AgentActivityPage {
    const all = this.byHousehold.get(household.toLowerCase()) ?? [];
    const older = before === undefined ? all : all.filter((entry) => entry.id < before);
    const entries = older.slice(-limit).reverse();
    const last = entries.at(-1);
    return { entries, next: last && older.length > entries.length ? last.id : null };
  }

  /** Every kept entry of a household, oldest first. */
  entries(household: string): readonly AgentActivityEntry[] {
    return this.byHousehold.get(household.toLowerCase()) ?? [];
  }

  private keep(entry: AgentActivityEntry): void {
    const key = entry.household.toLowerCase();
    const list = this.byHousehold.get(key) ?? [];
    list.push(entry);
    if (list.length > KEPT_PER_HOUSEHOLD) list.splice(0, list.length - KEPT_PER_HOUSEHOLD);
    this.byHousehold.set(key, list);
    this.nextId = Math.max(this.nextId, entry.id + 1);
  }
}
