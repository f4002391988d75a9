/**
 * The contracts the indexer follows: the marketplace, and the Community
 * contract (household directory, top-ups, cash-outs) where the deployment has
 * one. A further contract is one more entry here; see event-source.ts.
 */
import type { Deployment } from '../../deploy/deployment-file';
import type { EventSource } from '../event-source';
import { communitySource } from './community-source';
import { marketplaceSource } from './marketplace-source';

export function eventSources(deployment: Deployment): EventSource[] {
  const sources = [marketplaceSource(deployment)];
  if (deployment.community) sources.push(communitySource(deployment.community));
  return sources;
}
