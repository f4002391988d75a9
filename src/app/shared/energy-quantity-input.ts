import { ChangeDetectionStrategy, Component, type ElementRef, input, output, viewChild } from '@angular/core';
import { type FormControl, ReactiveFormsModule } from '@angular/forms';

import { ENERGY_UNITS, type EnergyUnit } from '../core/units';

/**
 * An energy quantity as typed, beside its unit (Wh or kWh). The label, problem
 * and reading are the form's, linked by `inputId` and `describedBy`; the form
 * parses the text with its unit.
 */
@Component({
  selector: 'div[app-energy-quantity-input]',
  imports: [ReactiveFormsModule],
  host: { class: 'input-with-unit' },
  template: `
    <input
      #quantityInput
      [id]="inputId()"
      type="text"
      inputmode="decimal"
      autocomplete="off"
      [attr.placeholder]="placeholder()"
      [formControl]="quantity()"
      (blur)="left.emit()"
      [attr.aria-invalid]="invalid()"
      [attr.aria-describedby]="describedBy()"
    />
    <label class="visually-hidden" [for]="unitId()">Unit of the quantity</label>
    <select [id]="unitId()" [formControl]="unit()">
      @for (unit of units; track unit) {
        <option [value]="unit">{{ unit }}</option>
      }
    </select>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EnergyQuantityInput {
  readonly inputId = input.required<string>();
  readonly unitId = input.required<string>();
  readonly quantity = input.required<FormControl<string>>();
  readonly unit = input.required<FormControl<EnergyUnit>>();
  readonly placeholder = input<string | null>(null);
  readonly invalid = input(false);
  readonly describedBy = input<string | null>(null);
  /** The person left the quantity: problems may show from now on. */
  readonly left = output<void>();

  protected readonly units = ENERGY_UNITS;
  private readonly quantityInput = viewChild.required<ElementRef<HTMLInputElement>>('quantityInput');

  focus(): void {
    this.quantityInput().nativeElement.focus();
  }
}
