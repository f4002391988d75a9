/**
 * Turns an emulator's trade times into wall-clock times. Trade times are on
 * the node clock (clockMs in /api/status: simulated milliseconds, carried on
 * across restarts), scaled by its time scale; where that clock reads 0 on our
 * clock is found from /api/status, using the answer with the shortest round trip.
 */
export interface NodeClock {
  /** Wall-clock ms (Date.now()) of an emulator time. */
  toWallMs(emulatorMs: number): number;
}

export async function calibrateNodeClock(nodeUrl: string, samples = 15): Promise<NodeClock> {
  let best: { rtt: number; startWallMs: number; timeScale: number } | undefined;
  for (let i = 0; i < samples; i++) {
    const sent = performance.now();
    const status = (await (await fetch(`${nodeUrl}/api/status`)).json()) as {
      uptimeMs: number;
      clockMs?: number;
      timeScale?: number;
    };
    const received = performance.now();
    const rtt = received - sent;
    const midWallMs = performance.timeOrigin + (sent + received) / 2;
    const timeScale = status.timeScale ?? 1;
    const startWallMs = midWallMs - (status.clockMs ?? status.uptimeMs) / timeScale;
    if (!best || rtt < best.rtt) best = { rtt, startWallMs, timeScale };
  }
  const { startWallMs, timeScale } = best!;
  return { toWallMs: (emulatorMs) => startWallMs + emulatorMs / timeScale };
}

/** Wall-clock now with sub-millisecond resolution, on the same scale as Date.now(). */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
