import { Pipe, type PipeTransform } from '@angular/core';

import { formatPricePerKWh } from '../core/units';

/** Wei per mWh as "0.2 ETH/kWh". */
@Pipe({ name: 'pricePerKWh' })
export class PricePipe implements PipeTransform {
  transform(weiPerMilliWh: bigint): string {
    return formatPricePerKWh(weiPerMilliWh);
  }
}
