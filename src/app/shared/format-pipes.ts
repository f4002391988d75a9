import { Pipe, type PipeTransform } from '@angular/core';

import { formatEnergy, formatEth, formatPricePerKWh } from '../core/units';

/** mWh as "1.5 Wh" / "2.25 kWh". */
@Pipe({ name: 'energy' })
export class EnergyPipe implements PipeTransform {
  transform(milliWh: bigint): string {
    return formatEnergy(milliWh);
  }
}

/** Wei per mWh as "0.2 ETH/kWh". */
@Pipe({ name: 'pricePerKWh' })
export class PricePipe implements PipeTransform {
  transform(weiPerMilliWh: bigint): string {
    return formatPricePerKWh(weiPerMilliWh);
  }
}

/** Wei as ETH, exact unless `maxFraction` digits cut it. */
@Pipe({ name: 'eth' })
export class EthPipe implements PipeTransform {
  transform(wei: bigint, maxFraction?: number): string {
    return formatEth(wei, maxFraction);
  }
}
