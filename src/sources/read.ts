import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCorpus } from '../corpus/load.js';
import { shortHash } from '../corpus/markdown.js';
import type { Corpus, LoadWarning, Note, NoteOrigin, Section } from '../corpus/types.js';
import { checkoutCommit, checkoutDir, syncGit } from './git.js';
import { formLink } from './links.js';
import type { SourceSpec } from './spec.js';

/** What is known about a source between syncs: kept by the library holder, shown by --check and /readyz. */
export interface SourceState {
  /** the folder the last good copy is in (a git checkout, or the `path:` folder) */
  dir?: string;
  commit?: string;
  /** ISO time of the last successful sync */
  lastSync?: string;
  /** why the last sync failed (cleared by the next good one) */
  lastError?: string;
}

export type SourceStates = Map<string, SourceState>;

export interface SourceReport extends SourceState {
  name: string;
  kind: 'path' | 'git';
  notes: number;
  sections: number;
  /** notes skipped for a reason (broken, over a limit) */
  skipped: number;
}

/**
 * Pulls every git source (clones it the first time). A source that cannot be synced keeps its last
 * good checkout, or stays without one (and is skipped) when it never had one; the error is kept.
 */
export async function syncSources(
  specs: readonly SourceSpec[],
  cacheDir: string,
  states: SourceStates,
  clock: () => Date = () => new Date(),
): Promise<void> {
  await Promise.all(
    specs.map(async (spec) => {
      const state = states.get(spec.name) ?? {};
      states.set(spec.name, state);
      if (!spec.git) {
        state.dir = spec.path;
        state.lastSync = clock().toISOString();
        return;
      }
      try {
        const synced = await syncGit(spec, cacheDir);
        Object.assign(state, { dir: synced.dir, commit: synced.commit, lastSync: clock().toISOString() });
        state.lastError = undefined;
        await writeFile(syncedFile(synced.dir), `${state.lastSync}\n`).catch(() => undefined);
      } catch (error) {
        state.lastError = error instanceof Error ? error.message : String(error);
        // a restart after a failed pull still finds the last good checkout on disk, and when it was pulled
        const dir = checkoutDir(cacheDir, spec);
        const commit = state.dir ? state.commit : await checkoutCommit(dir);
        if (commit) Object.assign(state, { dir, commit });
        if (commit && !state.lastSync) state.lastSync = await lastSyncOnDisk(dir);
      }
    }),
  );
}

/** Beside a git checkout, the time of its last good sync: a restart while the remote is down can still say how old the notes are. */
const syncedFile = (checkout: string) => `${checkout}.synced`;

async function lastSyncOnDisk(checkout: string): Promise<string | undefined> {
  const text = await readFile(syncedFile(checkout), 'utf8').catch(() => '');
  const time = text.trim();
  return time && !Number.isNaN(Date.parse(time)) ? new Date(time).toISOString() : undefined;
}

/** One library from many sources: sections carry their origin, link and a source-unique id. */
export interface SourcedCorpus extends Corpus {
  sources: SourceReport[];
}

function decorate(spec: SourceSpec, first: boolean, notes: Note[]): void {
  const origin: NoteOrigin = { name: spec.name, images: spec.images, license: spec.license, rank: spec.rank };
  for (const note of notes) {
    note.sections = note.sections.map((section): Section => {
      const url = spec.link && note.facts ? formLink(spec.link, note.facts, section.anchor) : undefined;
      // the first source keeps the ids it had before sources existed (buttons on old messages keep working)
      const id = first ? section.id : shortHash(`${spec.name}:${section.path}#${section.anchor}`);
      return { ...section, id, origin, ...(url ? { url } : {}) };
    });
  }
}

/**
 * Reads every source's last good copy. A git source with none yet (or without its folder) is skipped
 * with a warning naming it; a `path:` folder that is gone throws, naming it.
 */
export async function readSources(specs: readonly SourceSpec[], states: SourceStates): Promise<SourcedCorpus> {
  const parts = await Promise.all(
    specs.map(async (spec, i) => {
      const state = states.get(spec.name) ?? {};
      const kind = spec.git ? ('git' as const) : ('path' as const);
      const report = (notes: Note[], skipped: number): SourceReport => ({
        name: spec.name,
        kind,
        ...state,
        notes: notes.length,
        sections: notes.reduce((n, note) => n + note.sections.length, 0),
        skipped,
      });
      const root = state.dir ?? spec.path;
      if (!root) {
        const reason = `not available yet${state.lastError ? `: ${state.lastError}` : ''}`;
        return { notes: [], warnings: [{ source: spec.name, path: '.', reason }], report: report([], 0) };
      }
      const dir = join(root, spec.dir);
      try {
        const corpus = await loadCorpus(dir, {
          format: spec.format,
          maxFiles: spec.limits.maxFiles,
          maxBytes: spec.limits.maxBytes,
        });
        if (!spec.plain) decorate(spec, i === 0, corpus.notes);
        const warnings = corpus.warnings.map((w): LoadWarning => ({ ...w, source: spec.name }));
        return { notes: corpus.notes, warnings, report: report(corpus.notes, warnings.length) };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        // a folder on this machine that vanished fails the whole read, so the previous library stays
        if (!spec.git) throw new Error(specs.length > 1 ? `${spec.name}: ${reason}` : reason);
        return { notes: [], warnings: [{ source: spec.name, path: '.', reason }], report: report([], 0) };
      }
    }),
  );
  const notes = parts.flatMap((p) => p.notes);
  return {
    dir: specs.length === 1 ? join(specs[0]?.path ?? '', specs[0]?.dir ?? '') : '',
    notes,
    sections: notes.flatMap((n) => n.sections),
    warnings: parts.flatMap((p) => p.warnings),
    sources: parts.map((p) => p.report),
  };
}

/** The states of the copies already on disk, without syncing (for `validate`, which must not need the network). */
export async function localStates(specs: readonly SourceSpec[], cacheDir: string): Promise<SourceStates> {
  const states: SourceStates = new Map();
  for (const spec of specs) {
    if (!spec.git) states.set(spec.name, { dir: spec.path });
    else {
      const dir = checkoutDir(cacheDir, spec);
      const commit = await checkoutCommit(dir);
      states.set(spec.name, commit ? { dir, commit } : { lastError: `no copy under ${cacheDir} yet` });
    }
  }
  return states;
}
