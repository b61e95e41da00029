import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/**
 * SVG to PNG with resvg and the Pretendard font shipped in node_modules: Korean
 * renders the same on every machine, with no system fonts and no network.
 */

export const FONT_FAMILY = 'Pretendard';

let fonts: string[] | undefined;

/** The font files, found once (resvg 2.6 takes paths, not buffers; the OS keeps them cached). */
export function fontFiles(): string[] {
  if (fonts) return fonts;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('pretendard/package.json')), 'dist', 'public', 'static');
  const files = ['Pretendard-Regular.otf', 'Pretendard-Bold.otf'].map((name) => join(dir, name));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`font missing: ${missing.join(', ')} (shipped by the pretendard package)`);
  fonts = files;
  return fonts;
}

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
  });
  return resvg.render().asPng();
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are not allowed in XML
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;

/** Text safe inside an SVG element or attribute: no markup, no characters XML refuses. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** At most `max` characters (code points), with an ellipsis when cut; newlines and tabs become spaces. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** `clip` then `escapeXml`: how member and note text enters a picture. */
export const svgText = (text: string, max: number) => escapeXml(clip(text, max));
