/**
 * The contracts the indexer follows. A new source (the community's household
 * directory, top-ups and cash-outs) is one more entry here; see event-source.ts.
 */
import type { EventSource } from '../event-source';
import { type MarketplaceDeployment, marketplaceSource } from './marketplace-source';

export function eventSources(marketplace: MarketplaceDeployment): EventSource[] {
  return [marketplaceSource(marketplace)];
}
