/**
 * The processes under one root (e.g. `npm start`) and their resident memory,
 * read from /proc: VmRSS of each process, summed over the tree.
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly rssKb: number;
  readonly command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid, rssKb, command };
  } catch {
    return undefined; // it exited while we looked
  }
}

export function allProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/** The root and every descendant. */
export function processTree(rootPid: number): ProcessInfo[] {
  const all = allProcesses();
  const tree: ProcessInfo[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    const info = all.find((p) => p.pid === pid);
    if (info) tree.push(info);
    for (const child of all.filter((p) => p.ppid === pid)) queue.push(child.pid);
  }
  return tree;
}

export function treeRssMb(rootPid: number): number {
  return processTree(rootPid).reduce((sum, p) => sum + p.rssKb, 0) / 1024;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/**
 * Waits until the processes under `rootPid` use less than `busyShare` of one
 * core over a `windowMs` window (services catching up with a seeded ledger),
 * or `timeoutMs` passes. Returns the share seen last.
 */
export async function waitUntilTreeIdle(rootPid: number, { busyShare = 0.25, windowMs = 2_000, timeoutMs = 300_000 } = {}): Promise<number> {
  const treeCpu = () => processTree(rootPid).reduce((sum, p) => sum + cpuSeconds(p.pid), 0);
  const deadline = Date.now() + timeoutMs;
  let share = Infinity;
  while (Date.now() < deadline) {
    const before = treeCpu();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    share = (treeCpu() - before) / (windowMs / 1000);
    if (share < busyShare) break;
  }
  return share;
}
