/**
 * The community's clock, as the node emulators keep it: milliseconds since an
 * epoch, running `timeScale` times faster than real time, with the time of day
 * starting at `startHour`. Real nodes run in real time: epoch 0, scale 1, and
 * the time of day is the machine's own. Trading intervals and their price steps
 * are counted on this clock, so an interval is 15 minutes of the households' day
 * however fast the emulators run.
 */
import type { ClockConfig } from './service-config';

const MS_PER_HOUR = 3_600_000;

export class CommunityClock {
  constructor(
    private readonly config: ClockConfig,
    private readonly realNow: () => number = Date.now,
  ) {}

  get timeScale(): number {
    return this.config.timeScale;
  }

  /** Community clock now, ms. */
  nowMs(): number {
    return Math.max(0, (this.realNow() - this.config.epochMs) * this.config.timeScale);
  }

  /** The time of day at community clock `atMs`, 0 to 24. */
  hourOfDay(atMs = this.nowMs()): number {
    if (this.config.startHour === null) {
      const date = new Date(this.realTimeOf(atMs));
      return date.getHours() + date.getMinutes() / 60 + date.getSeconds() / 3600;
    }
    return (((this.config.startHour + atMs / MS_PER_HOUR) % 24) + 24) % 24;
  }

  /** "22:00": the time of day a person reads. */
  timeOfDay(atMs = this.nowMs()): string {
    const hours = this.hourOfDay(atMs);
    const minutes = Math.floor((hours * 60) % 60);
    return `${String(Math.floor(hours)).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  }

  /** Unix ms of community clock `atMs`. */
  realTimeOf(atMs: number): number {
    return this.config.epochMs + atMs / this.config.timeScale;
  }

  /** Real ms from now until community clock `atMs` (0 if it has passed). */
  realMsUntil(atMs: number): number {
    return Math.max(0, (atMs - this.nowMs()) / this.config.timeScale);
  }
}
