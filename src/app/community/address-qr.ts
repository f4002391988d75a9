import { ChangeDetectionStrategy, Component, computed, effect, input, signal } from '@angular/core';

/**
 * A QR code of a text (an address), drawn as one SVG path from the module
 * matrix of `@paulmillr/qr`, which is loaded only when a code is shown.
 */
@Component({
  selector: 'app-address-qr',
  template: `
    @if (modules(); as grid) {
      <svg
        class="qr"
        role="img"
        [attr.aria-label]="label()"
        [attr.viewBox]="'0 0 ' + (grid.length + 8) + ' ' + (grid.length + 8)"
        shape-rendering="crispEdges"
      >
        <rect [attr.width]="grid.length + 8" [attr.height]="grid.length + 8" fill="#fff" />
        <path [attr.d]="path()" fill="#000" transform="translate(4 4)" />
      </svg>
    } @else {
      <p class="hint" role="status">Drawing the QR code…</p>
    }
  `,
  styles: `.qr { width: min(100%, 16rem); height: auto; display: block; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddressQr {
  readonly value = input.required<string>();
  /** What the code holds, in words, for screen readers. */
  readonly label = input('QR code');
  protected readonly modules = signal<boolean[][] | null>(null);
  /** One "M x y h1 v1 h-1 z" square per dark module: a single path, crisp at any size. */
  protected readonly path = computed(() =>
    (this.modules() ?? [])
      .flatMap((row, y) => row.map((dark, x) => (dark ? `M${x} ${y}h1v1h-1z` : '')))
      .join(''),
  );

  constructor() {
    effect(() => {
      const value = this.value();
      void import('@paulmillr/qr').then(({ encodeQR }) => {
        // The 4-module quiet zone is drawn by the SVG frame, so the matrix comes without a border.
        if (value === this.value()) this.modules.set(encodeQR(value, 'raw', { ecc: 'medium', border: 0 }));
      });
    });
  }
}
