/**
 * When a process of the system should stop. SIGTERM always. Under the
 * supervisor (an IPC channel is open), Ctrl-C's SIGINT reaches every process
 * of the terminal at once: children ignore it and let the supervisor stop
 * them in order, and they stop when the supervisor goes away, even if it was
 * killed outright. Run alone, Ctrl-C stops them.
 */
export function onStopRequest(shutdown: () => void): void {
  process.on('SIGTERM', shutdown);
  if (process.send) {
    process.on('SIGINT', () => undefined);
    process.on('disconnect', shutdown);
    // The channel alone must not keep the process alive.
    process.channel?.unref();
  } else {
    process.on('SIGINT', shutdown);
  }
}
