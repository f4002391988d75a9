import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { type FormControl, ReactiveFormsModule } from '@angular/forms';

/**
 * A typed-in figure with its label, its unit, and under it either the problem
 * with what was typed (linked to the input for screen readers) or how it reads.
 * The text is the form's to parse: the field only shows it, so money and energy
 * keep their exact parsing where the form does it.
 *
 * Another input (energy with its unit) can stand in the field's own: the form
 * then links it to `{fieldId}-problem` / `{fieldId}-reading` itself.
 */
@Component({
  selector: 'div[app-text-field]',
  imports: [ReactiveFormsModule],
  host: { class: 'field' },
  template: `
    <label [for]="fieldId()">{{ label() }} @if (unitHint(); as unit) {<span class="unit-hint">({{ unit }})</span>}</label>
    <ng-content>
      <input
        [id]="fieldId()"
        type="text"
        [attr.inputmode]="inputmode()"
        autocomplete="off"
        [attr.placeholder]="placeholder()"
        [formControl]="control()!"
        (blur)="left.emit()"
        [attr.aria-invalid]="problem() !== null"
        [attr.aria-describedby]="problem() !== null ? problemId() : reading() ? readingId() : null"
      />
    </ng-content>
    @if (problem(); as text) {
      <p class="field-problem" [id]="problemId()">{{ text }}</p>
    } @else if (reading(); as text) {
      <p class="field-reading" [id]="readingId()">{{ text }}</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TextField {
  /** The input's id; the problem's and reading's ids follow from it. */
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  /** Said after the label in lighter type: "(ETH per kWh)". */
  readonly unitHint = input<string | null>(null);
  /** The field's own input; none when another input is projected in its place. */
  readonly control = input<FormControl<string> | null>(null);
  readonly inputmode = input<'decimal' | 'numeric'>('decimal');
  readonly placeholder = input<string | null>(null);
  /** The problem to show now (null: none, or not yet: the form decides when). */
  readonly problem = input<string | null>(null);
  /** How the text reads, when it is fine and worth saying ("= 1.5 kWh"). */
  readonly reading = input<string | null>(null);
  /** The person left the input: problems may show from now on. */
  readonly left = output<void>();

  protected problemId(): string {
    return `${this.fieldId()}-problem`;
  }

  protected readingId(): string {
    return `${this.fieldId()}-reading`;
  }
}
