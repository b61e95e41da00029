import { readSources, type SourceReport, type SourceStates, syncSources } from '../sources/read.js';
import { folderSource, type SourceSpec } from '../sources/spec.js';
import type { Corpus, LoadWarning, Note, Section } from '../corpus/types.js';
import { buildIndex, prepareTypos, type SearchIndex } from './engine.js';
import { loadGlossary } from './glossary.js';

/** The indexed notes the commands answer from; `reload` swaps in a fresh index only when it built. */
export interface Library {
  readonly corpus: Corpus;
  readonly index: SearchIndex;
  readonly byId: Map<string, Section>;
  readonly buildMs: number;
  /** each note source: notes, sections, commit, last sync, last error (absent for a library made by hand) */
  readonly sources?: SourceReport[];
}

export interface LibrarySource {
  /** one folder of Markdown notes, used when `sources` is not given (CONTENT_DIR) */
  contentDir?: string;
  /** the note sources (NOTES_SOURCES) */
  sources?: readonly SourceSpec[];
  /** where git sources are checked out (SOURCES_CACHE_DIR) */
  cacheDir?: string;
  glossaryFile: string;
  clock?: () => Date;
}

export function sourceSpecs(source: LibrarySource): readonly SourceSpec[] {
  return source.sources ?? [folderSource(source.contentDir ?? 'content/notes')];
}

/** Syncs the git sources (clone or pull), reads every source and builds the index over all of them. */
export async function buildLibrary(source: LibrarySource, states: SourceStates = new Map()): Promise<Library> {
  const started = performance.now();
  const specs = sourceSpecs(source);
  await syncSources(specs, source.cacheDir ?? 'data/sources', states, source.clock);
  const [corpus, glossary] = await Promise.all([readSources(specs, states), loadGlossary(source.glossaryFile)]);
  // a source's rank multiplies its sections' scores; all 1 (no array) when no source sets one
  const ranks = corpus.sections.some((s) => (s.origin?.rank ?? 1) !== 1)
    ? Float64Array.from(corpus.sections, (s) => s.origin?.rank ?? 1)
    : undefined;
  const index = buildIndex(corpus.sections, glossary, undefined, ranks);
  prepareTypos(index);
  const { sources, ...rest } = corpus;
  return {
    corpus: rest,
    index,
    byId: new Map(corpus.sections.map((s) => [s.id, s])),
    buildMs: performance.now() - started,
    sources,
  };
}

/** Notes a reload brought, changed, removed or skipped, by source and path. */
export interface NoteChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

function notesByKey(notes: readonly Note[]): Map<string, Note> {
  return new Map(notes.map((n) => [`${n.sections[0]?.origin?.name ?? ''}:${n.path}`, n]));
}

/** Compares two reads by note (source and path) and by the file's bytes. */
export function noteChanges(before: readonly Note[], after: readonly Note[]): NoteChanges {
  const old = notesByKey(before);
  const now = notesByKey(after);
  const label = (key: string) => key.replace(/^:/, '').replace(':', '/');
  const changes: NoteChanges = { added: [], changed: [], removed: [] };
  for (const [key, note] of now) {
    const was = old.get(key);
    if (!was) changes.added.push(label(key));
    else if (was.hash !== note.hash) changes.changed.push(label(key));
  }
  for (const key of old.keys()) if (!now.has(key)) changes.removed.push(label(key));
  return changes;
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
  /** what the new read differs in from the notes served before it (also when it was kept) */
  changes?: NoteChanges;
  sources?: SourceReport[];
}

/** Holds the current library so /reload can replace it while commands keep reading the old one. */
export class LibraryHolder {
  private running: Promise<ReloadReport> | undefined;

  constructor(
    private currentLibrary: Library,
    private readonly source: LibrarySource,
    /** what the sources' syncs left: carried from build to build */
    readonly states: SourceStates = new Map(),
  ) {}

  get current(): Library {
    return this.currentLibrary;
  }

  /**
   * Pulls the git sources, reads the notes again and swaps them in, unless the new read has no notes
   * or lost more than half of them (a folder emptied or half-copied by a pull or an rsync): then the
   * old notes stay until `force` confirms. A read that fails (folder gone, glossary broken) never
   * swaps. A reload asked while one runs (the timer and /reload together) shares that one, unless forced.
   */
  reload(options: { force?: boolean } = {}): Promise<ReloadReport> {
    if (this.running && !options.force) return this.running;
    // a forced reload waits for the one running and then runs itself, so `force` is never lost
    const before = this.running ?? Promise.resolve(undefined);
    const run: Promise<ReloadReport> = before
      .catch(() => undefined)
      .then(() => this.rebuild(options))
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
    return run;
  }

  private async rebuild(options: { force?: boolean }): Promise<ReloadReport> {
    const old = this.currentLibrary;
    const previous = old.corpus.notes.length;
    const oldCounts = { notes: previous, sections: old.corpus.sections.length };
    const started = performance.now();
    let next: Library;
    try {
      next = await buildLibrary(this.source, this.states);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const ms = performance.now() - started;
      return { ...oldCounts, previous, found: 0, warnings: [], ms, kept: { reason: 'failed', detail } };
    }
    const found = next.corpus.notes.length;
    const report = {
      previous,
      found,
      warnings: next.corpus.warnings,
      ms: next.buildMs,
      changes: noteChanges(old.corpus.notes, next.corpus.notes),
      sources: next.sources,
    };
    const suspicious = found === 0 ? 'empty' : previous - found > previous / 2 ? 'shrank' : undefined;
    if (suspicious && !options.force) return { ...report, ...oldCounts, kept: { reason: suspicious } };
    this.currentLibrary = next;
    return { ...report, notes: found, sections: next.corpus.sections.length };
  }
}

/**
 * Link to a section: the source's own link template when it has one (already formed at load),
 * otherwise (the notes folder alone) NOTES_BASE_URL, where Jekyll posts live at `<base>/<slug>/` (the date prefix dropped).
 */
export function sectionUrl(base: string | undefined, section: Section): string | undefined {
  if (section.url) return section.url;
  // a source from a sources file links only through its own template
  if (!base || section.origin) return undefined;
  const slug = section.path
    .replace(/\.md$/i, '')
    .replace(/(^|\/)\d{4}-\d{2}-\d{2}-/, '$1')
    .replace(/(^|\/)_?index$/, '');
  const path = slug.split('/').map(encodeURIComponent).join('/');
  return `${base}/${path}${path ? '/' : ''}${section.anchor ? `#${encodeURIComponent(section.anchor)}` : ''}`;
}
