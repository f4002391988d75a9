/** Starts the delivery service process and waits until it follows the chain. */
import { type Child, type ChildOptions, startTsChild, whenReady } from '../lib/child-process';
import { ENTRY } from '../lib/ts-entry';

export async function startDelivery(chainPort: number, dataDir: string, options: ChildOptions = {}): Promise<Child> {
  const args = ['--chain-port', String(chainPort), '--data-dir', dataDir];
  const child = startTsChild('delivery', ENTRY.delivery, args, options);
  return whenReady(child, /delivery service following trades/, { waitingFor: 'the delivery service to follow the chain' }, options);
}
