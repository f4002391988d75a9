/**
 * What `npm start` says about the real nodes on the LAN before it is ready:
 * which of them do not answer now (their trades wait for them), and, when the
 * contract is new, that they must be reset, since trade ids start again at 1.
 */
import type { NodeEntry } from './node-registry';
import { probeNode } from './probe-node';

export async function reportRealNodes(
  nodes: readonly NodeEntry[],
  contractReplaced: boolean,
  log: (line: string) => void,
): Promise<void> {
  const real = nodes.filter((node) => node.real);
  if (real.length === 0) return;
  if (contractReplaced) {
    log(
      `new contract: reset every real node (${real.map((node) => node.label).join(', ')}) before it trades; ` +
        'trade ids start again at 1 and a node remembers the old ones',
    );
  }
  const probes = await Promise.all(real.map((node) => probeNode(node.url)));
  real.forEach((node, index) => {
    const probe = probes[index];
    if (!probe.answers) {
      log(`${node.label} (${node.url}) does not answer now (${probe.reason}): its trades wait for it until their deadline`);
    }
  });
}
