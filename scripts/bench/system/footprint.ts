/**
 * footprint.rssMb: resident memory (VmRSS) of every process of `npm start`,
 * npm itself included, summed, while the system idles after start; the
 * largest of a few samples. Also broken down by part.
 */
import { type ProcessInfo, cpuSeconds, processTree } from '../process-tree';
import { round } from './stats';

export function partOf(process: ProcessInfo): string {
  const command = process.command;
  if (command.includes('energy-node')) return 'nodeEmulators';
  // A service, from its source (scripts/<service>/main.ts through tsx) or compiled (build/services/<service>/main.js).
  const service = /(?:scripts|services)\/(\w+)\/main\.[jt]s/.exec(command);
  if (service) return service[1];
  if (command.includes('esbuild')) return 'esbuild';
  if (/start\.ts|launch\.cjs/.test(command)) return 'supervisor';
  return 'npm';
}

export interface FootprintFigures {
  rssMb: number;
  processes: number;
  rssByPartMb: Record<string, number>;
}

export async function measureFootprint(rootPid: number, samples = 5): Promise<FootprintFigures> {
  let worst: ProcessInfo[] = [];
  let worstKb = -1;
  for (let i = 0; i < samples; i++) {
    const tree = processTree(rootPid);
    const kb = tree.reduce((sum, p) => sum + p.rssKb, 0);
    if (kb > worstKb) {
      worstKb = kb;
      worst = tree;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const byPart: Record<string, number> = {};
  for (const p of worst) byPart[partOf(p)] = (byPart[partOf(p)] ?? 0) + p.rssKb / 1024;
  for (const part of Object.keys(byPart)) byPart[part] = round(byPart[part]);
  return { rssMb: round(worstKb / 1024), processes: worst.length, rssByPartMb: byPart };
}

/** CPU seconds used so far by each part of the system (to see where a busy run spends it). */
export function cpuByPart(rootPid: number): Record<string, number> {
  const byPart: Record<string, number> = {};
  for (const p of processTree(rootPid)) byPart[partOf(p)] = (byPart[partOf(p)] ?? 0) + cpuSeconds(p.pid);
  return byPart;
}

export function cpuDifference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([part, seconds]) => [part, round(seconds - (before[part] ?? 0))]));
}
