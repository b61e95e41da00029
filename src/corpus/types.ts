import type { NoteFacts } from './formats.js';

/** A note split into sections; a section is what search ranks and `/note` shows. */
export interface Section {
  /** stable short id (hash of path and anchor), safe for custom ids and autocomplete values */
  id: string;
  /** path of the note relative to the content folder, with forward slashes */
  path: string;
  noteTitle: string;
  /** the section's own heading; the note title for text before the first heading */
  heading: string;
  /** headings from the top of the note down to this one (without the note title) */
  headingPath: string[];
  anchor: string;
  /** plain text: markup removed, shortcode text kept */
  text: string;
  /** code blocks, kept apart so search can weigh them lower */
  code: string;
  /** the section body as written (Markdown, shortcodes resolved), rendered for display by src/notes */
  markdown: string;
  /** the note source it comes from (absent for a folder read on its own) */
  origin?: NoteOrigin;
  /** the section's address on the source's site, anchor included, when the source has a link template */
  url?: string;
}

/** What every section of one source shares (one object per source, referenced by each section). */
export interface NoteOrigin {
  /** the source's name, shown in answers */
  name: string;
  /** base URL for relative image paths */
  images?: string;
  /** shown under answers from this source */
  license?: string;
  /** weight of this source's sections in ranking (1 = neutral) */
  rank: number;
}

export interface Note {
  path: string;
  title: string;
  date?: string;
  tags: string[];
  description?: string;
  /** every heading in the note, including ones whose section is empty */
  headings: string[];
  sections: Section[];
  /** slug, address and date the note's format gives (set by the loader) */
  facts?: NoteFacts;
  /** hash of the file's bytes: a reload tells changed notes from unchanged ones */
  hash?: string;
}

export interface LoadWarning {
  /** the note source, when the library has several */
  source?: string;
  path: string;
  reason: string;
}

export interface Corpus {
  dir: string;
  notes: Note[];
  sections: Section[];
  warnings: LoadWarning[];
}

/** Which note a section belongs to: its path, within its source (two sources may hold the same path). */
export function noteKey(section: Pick<Section, 'path' | 'origin'>): string {
  return section.origin ? `${section.origin.name}:${section.path}` : section.path;
}
