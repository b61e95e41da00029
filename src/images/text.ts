import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, fontFiles } from './png.js';

/**
 * Text as outlines, cached. resvg lays out every <text> chunk afresh (about a
 * millisecond each, most of a card's render time), while a card repeats the same
 * labels, numbers and names. So each distinct run is laid out once, alone,
 * turned into a path by resvg itself, and reused: a warm card is paths only.
 */

interface Shape {
  /** path data of the run laid out from x = 0 on the baseline y = 2 × size */
  d: string;
  /** right edge of the ink (for end and middle anchors) */
  width: number;
}

// about 2 KB of path data per run: a few MB at most
const MAX_SHAPES = 2000;
const shapes = new Map<string, Shape>();

/** `body` is SVG text content, already escaped (see svgText). */
function shape(body: string, size: number, bold: boolean): Shape {
  const key = `${size}|${bold ? 'b' : 'r'}|${body}`;
  const cached = shapes.get(key);
  if (cached) return cached;
  const baseline = size * 2;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="${size * 3}">` +
    `<text x="0" y="${baseline}" font-family="${FONT_FAMILY}" font-size="${size}"${bold ? ' font-weight="700"' : ''}>${body}</text></svg>`;
  const resvg = new Resvg(svg, { font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } });
  const box = resvg.getBBox();
  const d = [...resvg.toString().matchAll(/ d="([^"]*)"/g)].map((m) => m[1]).join(' ');
  // laid out at (0, 2 × size): textPath moves it to its place with a transform
  const result: Shape = { d, width: box ? box.x + box.width : 0 };
  shapes.set(key, result);
  if (shapes.size > MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
  return result;
}

/** A run of text as a path at (x, baseline y); anchored like SVG's text-anchor. */
export function textPath(
  x: number,
  y: number,
  size: number,
  fill: string,
  body: string,
  options: { bold?: boolean; anchor?: 'start' | 'middle' | 'end' } = {},
): string {
  if (!body) return '';
  const { d, width } = shape(body, size, options.bold ?? false);
  if (!d) return '';
  const shift = options.anchor === 'end' ? width : options.anchor === 'middle' ? width / 2 : 0;
  return `<path transform="translate(${(x - shift).toFixed(2)} ${(y - size * 2).toFixed(2)})" fill="${fill}" d="${d}"/>`;
}
