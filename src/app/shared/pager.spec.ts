import { TestBed } from '@angular/core/testing';

import { textOf } from '../../testing/dom';
import { Pager } from './pager';

describe('Pager', () => {
  function render(total: number, page = 0) {
    const fixture = TestBed.createComponent(Pager);
    fixture.componentRef.setInput('total', total);
    fixture.componentRef.setInput('pageSize', 25);
    fixture.componentRef.setInput('page', page);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('says where you are in a long table with thousands grouped, as a person reads them', () => {
    expect(textOf(render(10_000))).toContain('Page 1 of 400 (1–25 of 10,000)');
    expect(textOf(render(123_456, 4_000))).toContain('Page 4,001 of 4,939 (100,001–100,025 of 123,456)');
  });

  it('shows small tables as before and hides itself for a single page', () => {
    expect(textOf(render(30, 1))).toContain('Page 2 of 2 (26–30 of 30)');
    expect(render(25).querySelector('nav')).toBeNull();
  });
});
