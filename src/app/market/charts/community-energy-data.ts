import { type Observable, filter, merge, share, throttleTime } from 'rxjs';

import type { SocketEvent } from '../../chain/rpc-socket';
import { formatEnergy } from '../../core/units';
import type { ApiCommunityHour, ApiCommunityHours, ApiReadModelUpdate } from '../../read-model/api-shapes';
import { LiveView, type LiveSource } from '../../read-model/live-view';
import type { ReadApi } from '../../read-model/read-api';
import type { Columns } from './chart-series';
import { CHART_RELOAD_THROTTLE_MS } from './market-charts-data';

/** Hours of the community's day shown. */
export const COMMUNITY_HOURS_SHOWN = 24;

/** The community's hours, read again as trades change them (throttled); the page also reads them when the hour turns. */
export function liveCommunityEnergy(
  api: ReadApi,
  changes: Observable<SocketEvent<ApiReadModelUpdate>>,
  throttleMs = CHART_RELOAD_THROTTLE_MS,
): LiveView<ApiCommunityHours> {
  const shared = changes.pipe(share());
  const source: LiveSource<ApiCommunityHours> = {
    changes: merge(
      shared.pipe(filter((event) => event.kind === 'subscribed')),
      shared.pipe(
        filter((event) => event.kind !== 'subscribed'),
        throttleTime(throttleMs, undefined, { leading: true, trailing: true }),
      ),
    ),
    read: async () => {
      const value = await api.communityHours(COMMUNITY_HOURS_SHOWN);
      return { value, block: value.indexedBlock };
    },
    apply: (value) => ({ value, reread: true }),
  };
  return new LiveView(source);
}

/** Wh as a plotted number in kWh. */
const kWh = (wh: number) => wh / 1000;
const energy = (wh: number) => formatEnergy(BigInt(Math.round(wh * 1000)));

/** PV, load and traded energy per hour (kWh), and the batteries' stored energy at each hour's end (kWh), by hour. */
export function communityColumns(hours: readonly ApiCommunityHour[]): Columns {
  return [
    hours.map((hour) => hour.hour),
    hours.map((hour) => kWh(hour.pvWh)),
    hours.map((hour) => kWh(hour.loadWh)),
    hours.map((hour) => kWh(hour.batteryWh)),
    hours.map((hour) => kWh(hour.tradedWh)),
  ];
}

/** The picture in one sentence, for everyone and for screen readers. */
export function communitySummary(hours: readonly ApiCommunityHour[]): string {
  if (hours.length === 0) return 'No node readings yet: the hours appear once the households\u2019 energy nodes have been read.';
  const total = (field: (hour: ApiCommunityHour) => number) => hours.reduce((sum, hour) => sum + field(hour), 0);
  const last = hours[hours.length - 1];
  const span = hours.length === 1 ? `the hour from ${last.timeOfDay}` : `the last ${hours.length} hours (${hours[0].timeOfDay} to ${last.timeOfDay})`;
  const parts = [
    `In ${span} the community's solar panels produced ${energy(total((hour) => hour.pvWh))}`,
    `its households used ${energy(total((hour) => hour.loadWh))}`,
    `and they traded ${energy(total((hour) => hour.tradedWh))}`,
  ];
  const unmet = total((hour) => hour.unmetLoadWh);
  const battery =
    last.batteryCapacityWh > 0
      ? ` The batteries of ${last.nodes} ${last.nodes === 1 ? 'household' : 'households'} hold ${energy(last.batteryWh)} of ${energy(last.batteryCapacityWh)} (${Math.round((100 * last.batteryWh) / last.batteryCapacityWh)}%).`
      : '';
  return `${parts.join(', ')}${unmet > 0 ? `; ${energy(unmet)} of load went unmet` : ''}.${battery}`;
}

export { energy as formatWh };
