import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';

import { controlByLabel, textOf, typeInto } from '../../testing/dom';
import { EnergyQuantityInput } from './energy-quantity-input';
import { TextField } from './text-field';

@Component({
  imports: [EnergyQuantityInput, ReactiveFormsModule, TextField],
  template: `
    <div app-text-field fieldId="price" label="Selling price" unitHint="ETH per kWh" [control]="price"
      (left)="left.set(left() + 1)" [problem]="problem()" [reading]="reading()"></div>
    <div app-text-field fieldId="quantity" label="Energy quantity" [problem]="problem()">
      <div app-energy-quantity-input inputId="quantity" unitId="quantity-unit" [quantity]="quantity" [unit]="unit"
        [invalid]="problem() !== null" [describedBy]="problem() ? 'quantity-problem' : null"></div>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Host {
  readonly price = new FormControl('', { nonNullable: true });
  readonly quantity = new FormControl('', { nonNullable: true });
  readonly unit = new FormControl<'Wh' | 'kWh'>('kWh', { nonNullable: true });
  readonly problem = signal<string | null>(null);
  readonly reading = signal<string | null>(null);
  readonly left = signal(0);
}

describe('TextField and EnergyQuantityInput', () => {
  function render() {
    const fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    return { fixture, host: fixture.componentInstance, root: fixture.nativeElement as HTMLElement };
  }

  it('labels the input with its unit and passes what is typed, as typed, to the form', () => {
    const { fixture, host, root } = render();
    const price = controlByLabel(root, 'Selling price (ETH per kWh)');
    expect(price.getAttribute('inputmode')).toBe('decimal');
    typeInto(price, '0.123456789');
    fixture.detectChanges();
    expect(host.price.value).toBe('0.123456789');
    expect(host.left()).toBe(1);
    const quantity = controlByLabel(root, 'Energy quantity');
    typeInto(quantity, '1.5');
    expect(host.quantity.value).toBe('1.5');
    expect(controlByLabel<HTMLSelectElement>(root, 'Unit of the quantity').value).toBe('kWh');
  });

  it('links the problem, or else the reading, to the input for screen readers', () => {
    const { fixture, host, root } = render();
    const price = controlByLabel(root, 'Selling price');
    expect(price.getAttribute('aria-invalid')).toBe('false');
    expect(price.getAttribute('aria-describedby')).toBeNull();

    host.reading.set('= ETH 0.12 per kWh');
    fixture.detectChanges();
    expect(price.getAttribute('aria-describedby')).toBe('price-reading');
    expect(textOf(root.querySelector('#price-reading'))).toBe('= ETH 0.12 per kWh');

    host.problem.set('Enter a price.');
    fixture.detectChanges();
    expect(price.getAttribute('aria-invalid')).toBe('true');
    expect(price.getAttribute('aria-describedby')).toBe('price-problem');
    expect(textOf(root.querySelector('#price-problem'))).toBe('Enter a price.');
    expect(root.querySelector('#price-reading')).toBeNull();
    const quantity = controlByLabel(root, 'Energy quantity');
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    expect(textOf(document.getElementById(quantity.getAttribute('aria-describedby')!))).toBe('Enter a price.');
  });
});
