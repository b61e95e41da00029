/** What a note's format says about it beyond its Markdown: its slug, date and place on the site. */

export const FORMATS = ['jekyll', 'hugo', 'markdown'] as const;
export type NoteFormat = (typeof FORMATS)[number];

export interface NoteFacts {
  /** the last part of the note's address: `pod-basics` for `_posts/2024-10-01-pod-basics.md` */
  slug: string;
  /** the note's address under its folder, without extension; a Hugo `_index.md` stands for its folder */
  sitePath: string;
  /** YYYY-MM-DD when the file name or front matter gives one */
  date?: string;
}

const DATED = /^(\d{4}-\d{2}-\d{2})-(.+)$/;

function dayOf(value: string | undefined): string | undefined {
  const day = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value)?.[1] : undefined;
  return day && !Number.isNaN(Date.parse(day)) ? day : undefined;
}

/** Slug, site path and date of a note from its path (relative to the source's folder) and front matter. */
export function noteFacts(format: NoteFormat, path: string, meta: { date?: string; slug?: string }): NoteFacts {
  const parts = path.replace(/\.(md|markdown)$/i, '').split('/');
  const file = parts.at(-1) ?? '';
  if (format === 'hugo') {
    // `_index.md` is its folder's page; `index.md` is a page bundle, also addressed by its folder
    if (file === '_index' || file === 'index') parts.pop();
    const sitePath = parts.join('/');
    return { slug: meta.slug ?? parts.at(-1) ?? '', sitePath, date: dayOf(meta.date) };
  }
  const dated = DATED.exec(file);
  const slug = (format === 'jekyll' ? meta.slug : undefined) ?? dated?.[2] ?? file;
  const folder = parts.slice(0, -1);
  return { slug, sitePath: [...folder, dated?.[2] ?? file].join('/'), date: dayOf(dated?.[1]) ?? dayOf(meta.date) };
}

/**
 * Liquid tags (`{% raw %}`, `{% endraw %}`, `{% include x.html %}`) go, the text around them stays:
 * on a blog they are the site generator's business, not the reader's. `{{ ... }}` output tags are
 * kept because notes about Helm or Go templates show them as text inside `{% raw %}` blocks.
 */
export function dropLiquidTags(body: string): string {
  if (!body.includes('{%')) return body;
  // a tag never spans a line here, and `[^%\n]` stops at the next `%`, so the scan stays linear
  return body.replace(/\{%-?[^%\n]*-?%\}/g, '').replace(/^[ \t]+$/gm, '');
}

/** A readable title from a slug when a note has neither a front matter title nor a first heading. */
export function titleFromSlug(slug: string): string {
  return slug.replace(/[-_]+/g, ' ').trim() || slug;
}
