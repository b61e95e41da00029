import { loadCorpus } from '../corpus/load.js';
import type { Corpus, LoadWarning, Section } from '../corpus/types.js';
import { buildIndex, prepareTypos, type SearchIndex } from './engine.js';
import { loadGlossary } from './glossary.js';

/** The indexed notes the commands answer from; `reload` swaps in a fresh index only when it built. */
export interface Library {
  readonly corpus: Corpus;
  readonly index: SearchIndex;
  readonly byId: Map<string, Section>;
  readonly buildMs: number;
}

export interface LibrarySource {
  contentDir: string;
  glossaryFile: string;
}

export async function buildLibrary(source: LibrarySource): Promise<Library> {
  const started = performance.now();
  const [corpus, glossary] = await Promise.all([loadCorpus(source.contentDir), loadGlossary(source.glossaryFile)]);
  const index = buildIndex(corpus.sections, glossary);
  prepareTypos(index);
  return {
    corpus,
    index,
    byId: new Map(corpus.sections.map((s) => [s.id, s])),
    buildMs: performance.now() - started,
  };
}

/** What /reload did. `kept` says why the previous notes are still in use (then `notes` and `sections` are theirs). */
export interface ReloadReport {
  notes: number;
  sections: number;
  /** notes before the reload, and notes the new read found */
  previous: number;
  found: number;
  warnings: LoadWarning[];
  ms: number;
  kept?: { reason: 'empty' | 'shrank' | 'failed'; detail?: string };
}

/** Holds the current library so /reload can replace it while commands keep reading the old one. */
export class LibraryHolder {
  constructor(
    private currentLibrary: Library,
    private readonly source: LibrarySource,
  ) {}

  get current(): Library {
    return this.currentLibrary;
  }

  /**
   * Reads the notes again and swaps them in, unless the new read has no notes or lost more than
   * half of them (a folder emptied or half-copied by a pull or an rsync): then the old notes stay
   * until `force` confirms. A read that fails (folder gone, glossary broken) never swaps.
   */
  async reload(options: { force?: boolean } = {}): Promise<ReloadReport> {
    const old = this.currentLibrary;
    const previous = old.corpus.notes.length;
    const oldCounts = { notes: previous, sections: old.corpus.sections.length };
    const started = performance.now();
    let next: Library;
    try {
      next = await buildLibrary(this.source);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const ms = performance.now() - started;
      return { ...oldCounts, previous, found: 0, warnings: [], ms, kept: { reason: 'failed', detail } };
    }
    const found = next.corpus.notes.length;
    const report = { previous, found, warnings: next.corpus.warnings, ms: next.buildMs };
    const suspicious = found === 0 ? 'empty' : previous - found > previous / 2 ? 'shrank' : undefined;
    if (suspicious && !options.force) return { ...report, ...oldCounts, kept: { reason: suspicious } };
    this.currentLibrary = next;
    return { ...report, notes: found, sections: next.corpus.sections.length };
  }
}

/** Link to a section on the study blog: Jekyll posts live at `<base>/<slug>/` (the date prefix dropped). */
export function sectionUrl(base: string | undefined, section: Section): string | undefined {
  if (!base) return undefined;
  const slug = section.path
    .replace(/\.md$/i, '')
    .replace(/(^|\/)\d{4}-\d{2}-\d{2}-/, '$1')
    .replace(/(^|\/)_?index$/, '');
  const path = slug.split('/').map(encodeURIComponent).join('/');
  return `${base}/${path}${path ? '/' : ''}${section.anchor ? `#${encodeURIComponent(section.anchor)}` : ''}`;
}
