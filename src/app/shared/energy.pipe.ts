import { Pipe, type PipeTransform } from '@angular/core';

import { formatEnergy } from '../core/units';

/** mWh as "1.5 Wh" / "2.25 kWh". */
@Pipe({ name: 'energy' })
export class EnergyPipe implements PipeTransform {
  transform(milliWh: bigint): string {
    return formatEnergy(milliWh);
  }
}
