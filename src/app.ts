import { commands as allCommands } from '../commands/index.js';
import type { Command } from './command.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { buildLibrary, LibraryHolder } from './search/library.js';

/** Everything a command can reach. Built once, here, and passed down. */
export interface App {
  config: Config;
  logger: Logger;
  clock: () => Date;
  library: LibraryHolder;
  commands: readonly Command[];
}

export interface AppOptions {
  logger: Logger;
  clock?: () => Date;
  commands?: readonly Command[];
}

/** The one place that builds everything: content, search index, store, quiz services. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const clock = options.clock ?? (() => new Date());
  const source = { contentDir: config.contentDir, glossaryFile: config.glossaryFile };
  const library = await buildLibrary(source, clock);
  for (const warning of library.corpus.warnings) {
    options.logger.warn({ file: warning.path, reason: warning.reason }, 'note skipped');
  }
  options.logger.info(
    { notes: library.corpus.notes.length, sections: library.corpus.sections.length, ms: Math.round(library.buildMs) },
    'notes indexed',
  );
  return {
    config,
    logger: options.logger,
    clock,
    library: new LibraryHolder(library, source, clock),
    commands: options.commands ?? allCommands,
  };
}
