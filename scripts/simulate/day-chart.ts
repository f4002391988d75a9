/**
 * The community's day as an SVG image: hour by hour, the PV produced, the load
 * asked for, the energy in the batteries (end of each hour, with trading and
 * without) and the energy traded (bars). Plain SVG text: any browser or image
 * viewer opens it, and nothing is downloaded to draw it.
 */

export interface ChartHour {
  /** "07:00": the hour's start on the community clock. */
  readonly label: string;
  readonly pvWh: number;
  readonly loadWh: number;
  readonly storedWh: number;
  readonly storedWithoutTradingWh: number;
  readonly tradedWh: number;
}

const WIDTH = 960;
const HEIGHT = 480;
const MARGIN = { left: 70, right: 20, top: 50, bottom: 70 };

interface Series {
  readonly name: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly pick: (hour: ChartHour) => number;
}

const LINES: Series[] = [
  { name: 'PV produced (Wh in the hour)', color: '#e0a800', pick: (h) => h.pvWh },
  { name: 'Load asked for (Wh in the hour)', color: '#c0392b', pick: (h) => h.loadWh },
  { name: 'In the batteries (Wh)', color: '#2471a3', pick: (h) => h.storedWh },
  { name: 'In the batteries without trading (Wh)', color: '#2471a3', dashed: true, pick: (h) => h.storedWithoutTradingWh },
];

export function dayChartSvg(title: string, hours: readonly ChartHour[]): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const highest = Math.max(1, ...hours.flatMap((hour) => [...LINES.map((line) => line.pick(hour)), hour.tradedWh]));
  const top = niceCeiling(highest);
  const slot = plotWidth / Math.max(1, hours.length);
  const x = (i: number) => MARGIN.left + slot * (i + 0.5);
  const y = (wh: number) => MARGIN.top + plotHeight * (1 - wh / top);
  const parts: string[] = [];
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  parts.push(`<text x="${MARGIN.left}" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`);
  for (let tick = 0; tick <= 5; tick++) {
    const value = (top * tick) / 5;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(value) + 4}" font-size="11" text-anchor="end">${Math.round(value)}</text>`);
  }
  parts.push(`<text x="16" y="${MARGIN.top + plotHeight / 2}" font-size="12" transform="rotate(-90 16 ${MARGIN.top + plotHeight / 2})" text-anchor="middle">Wh</text>`);
  hours.forEach((hour, i) => {
    const barHeight = y(0) - y(hour.tradedWh);
    parts.push(`<rect x="${x(i) - slot * 0.3}" y="${y(hour.tradedWh)}" width="${slot * 0.6}" height="${barHeight}" fill="#27ae60" opacity="0.6"><title>${hour.label}: ${Math.round(hour.tradedWh)} Wh traded</title></rect>`);
    if (i % Math.ceil(hours.length / 12) === 0) {
      parts.push(`<text x="${x(i)}" y="${HEIGHT - MARGIN.bottom + 16}" font-size="11" text-anchor="middle">${hour.label}</text>`);
    }
  });
  for (const line of LINES) {
    const points = hours.map((hour, i) => `${x(i).toFixed(1)},${y(line.pick(hour)).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${line.color}" stroke-width="2"${line.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
  }
  const legend: { name: string; color: string; dashed?: boolean; bar?: boolean }[] = [...LINES, { name: 'Traded (Wh in the hour)', color: '#27ae60', bar: true }];
  legend.forEach((entry, i) => {
    const lx = MARGIN.left + (i % 3) * 290;
    const ly = HEIGHT - 30 + Math.floor(i / 3) * 18;
    parts.push(
      entry.bar
        ? `<rect x="${lx}" y="${ly - 9}" width="22" height="10" fill="${entry.color}" opacity="0.6"/>`
        : `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${entry.color}" stroke-width="2"${entry.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    parts.push(`<text x="${lx + 28}" y="${ly}" font-size="12">${escapeXml(entry.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}

/** 1, 2 or 5 times a power of ten, at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
