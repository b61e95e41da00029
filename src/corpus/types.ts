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
}

export interface LoadWarning {
  path: string;
  reason: string;
}

export interface Corpus {
  dir: string;
  notes: Note[];
  sections: Section[];
  warnings: LoadWarning[];
}
