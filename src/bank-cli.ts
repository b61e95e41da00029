import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { type BankFormat, MAX_IMPORT_BYTES } from './quiz/bank-files.js';
import { exportFromBank, importIntoBank } from './quiz/server-bank.js';
import { closeStore, openStore } from './store/open.js';
import { QuizStore } from './store/quiz-store.js';

/*
 * `npm run cli -- bank import|export`: a server's own question bank from the
 * command line, over the same functions as /quiz import and /quiz export and the
 * store named by STORE_URL. The bot reads a server's bank when it starts and is
 * the only writer while it runs: import with the bot stopped, or restart it after.
 */

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

const USAGE = [
  'usage: npm run --silent cli -- bank import --guild ID [--update] FILE',
  '       npm run --silent cli -- bank export --guild ID --format yaml|csv [FILE]',
].join('\n');

export async function runBank(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  let values: { guild?: string; update?: boolean; format?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { guild: { type: 'string' }, update: { type: 'boolean' }, format: { type: 'string' } },
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const guild = values.guild ?? '';
  if ((action !== 'import' && action !== 'export') || !/^\d{17,20}$/.test(guild)) {
    io.err(`${guild ? `--guild ${guild}: not a server id\n` : ''}${USAGE}`);
    return 2;
  }
  const file = positionals[0];
  if (action === 'import' && !file) {
    io.err(USAGE);
    return 2;
  }
  const format = values.format;
  if (action === 'export' && format !== 'yaml' && format !== 'csv') {
    io.err(`--format must be yaml or csv\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(io.env);
  const store = await openStore(config.storeUrl);
  try {
    const quizStore = new QuizStore(store, config.tzDefault);
    await quizStore.loadBank(guild);
    if (action === 'export') {
      const text = exportFromBank(quizStore, guild, format as BankFormat);
      if (file) await writeFile(file, text, 'utf8');
      else io.out(text);
      return 0;
    }
    const bytes = await readFile(file!);
    if (bytes.length > MAX_IMPORT_BYTES) {
      io.err(`${file}: file: size: the file is larger than 1 MB`);
      return 1;
    }
    const result = await importIntoBank(
      quizStore,
      guild,
      { name: basename(file!), text: bytes.toString('utf8') },
      { update: values.update ?? false },
    );
    if (!result.ok) {
      for (const problem of result.problems) io.err(`${file}: ${problem}`);
      io.err(`${result.problems.length} problem(s): nothing was imported`);
      return 1;
    }
    io.out(`imported into ${guild}: ${result.added} added, ${result.updated} updated, ${result.total} in the bank`);
    return 0;
  } finally {
    await closeStore(store);
  }
}
