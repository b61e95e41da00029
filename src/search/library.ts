import { loadCorpus } from '../corpus/load.js';
import type { Corpus, LoadWarning, Section } from '../corpus/types.js';
import { buildIndex, type SearchIndex } from './engine.js';
import { loadGlossary } from './glossary.js';

/** The indexed notes the commands answer from; `reload` swaps in a fresh index only when it built. */
export interface Library {
  readonly corpus: Corpus;
  readonly index: SearchIndex;
  readonly byId: Map<string, Section>;
  readonly builtAt: Date;
  readonly buildMs: number;
}

export interface LibrarySource {
  contentDir: string;
  glossaryFile: string;
}

export async function buildLibrary(source: LibrarySource, clock: () => Date = () => new Date()): Promise<Library> {
  const started = performance.now();
  const [corpus, glossary] = await Promise.all([loadCorpus(source.contentDir), loadGlossary(source.glossaryFile)]);
  const index = buildIndex(corpus.sections, glossary);
  return {
    corpus,
    index,
    byId: new Map(corpus.sections.map((s) => [s.id, s])),
    builtAt: clock(),
    buildMs: performance.now() - started,
  };
}

/** Holds the current library so /reload can replace it while commands keep reading the old one. */
export class LibraryHolder {
  constructor(
    private currentLibrary: Library,
    private readonly source: LibrarySource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get current(): Library {
    return this.currentLibrary;
  }

  async reload(): Promise<{ notes: number; sections: number; warnings: LoadWarning[]; ms: number }> {
    const next = await buildLibrary(this.source, this.clock);
    this.currentLibrary = next;
    return {
      notes: next.corpus.notes.length,
      sections: next.corpus.sections.length,
      warnings: next.corpus.warnings,
      ms: next.buildMs,
    };
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
