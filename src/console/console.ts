import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../app.js';
import type { Form, Reply } from '../reply.js';
import { type Caller, route } from '../router.js';
import { parseCommandLine } from './parse.js';
import { BUTTON_KEYS, isTextFile, renderReply } from './render.js';

/** The console plays one admin member of one server, so every command can be tried offline. */
export const CONSOLE_CALLER: Omit<Caller, 'locale'> = {
  userId: '100000000000000001',
  userName: 'console',
  guildId: '100000000000000002',
  channelId: '100000000000000003',
  canManageGuild: true,
};

const HELP = `Type a slash command as in Discord, e.g.
  /ask 컨테이너와 VM의 차이         (bare text fills the first required option)
  /note topic:파드                 (or: complete /note ㅍㄷ  to see autocomplete)
  A, B, ...                        press a button of the last reply
  /quiz submit                     a form (a dialog in Discord): the next lines fill its fields,
                                   one line each; type \n for a line break, "cancel" to drop it
  exit                             leave`;

/** A form being filled in line by line (Discord shows a dialog; a terminal asks field by field). */
interface FillingForm {
  form: Form;
  values: Record<string, string>;
  next: number;
}

function askField(write: (text: string) => void, filling: FillingForm): void {
  const field = filling.form.fields[filling.next]!;
  const hint = field.style === 'paragraph' ? ' (\\n = new line)' : '';
  const current = field.value ? ` [now: ${field.value.replace(/\n/g, '\\n')}; empty line keeps it]` : '';
  write(`${field.label}${hint}${current}:`);
}

export interface ConsoleOptions {
  input: Readable;
  screen: Screen;
  interactive: boolean;
  locale: string;
}

/** The terminal: prints replies and remembers the buttons of the last one, so a letter presses them. */
export interface Screen {
  write(text: string): void;
  show(reply: Reply | { name: string; value: string }[], heading?: string): void;
  buttonIds(): string[];
}

export function createScreen(output: Writable, bold: boolean, imageDir?: string): Screen {
  let buttons: string[] = [];
  let dir = imageDir;
  let saved = 0;
  const write = (text: string) => void output.write(`${text}\n`);
  // a terminal cannot show a picture: it is written to a file and its absolute path printed
  const saveImages = (reply: Reply) =>
    (reply.files ?? [])
      .filter((file) => !isTextFile(file.name))
      .map((file) => {
      dir ??= mkdtempSync(join(tmpdir(), 'studybot-images-'));
      const stem = file.name.replace(/\.[^.]*$/, '').replace(/[^\w-]/g, '_');
      const ext = /\.[A-Za-z0-9]{1,5}$/.exec(file.name)?.[0] ?? '.png';
      const path = join(dir, `${stem}-${Date.now()}-${++saved}${ext}`);
      writeFileSync(path, file.data);
      return `(image: ${path})`;
    });
  return {
    write,
    show(reply, heading) {
      if (!Array.isArray(reply) && reply.buttons) buttons = reply.buttons.flat().map((b) => b.id);
      const images = Array.isArray(reply) ? [] : saveImages(reply);
      write([`${heading ? `${heading}\n` : ''}${renderReply(reply, { bold })}`, ...images].join('\n'));
    },
    buttonIds: () => buttons,
  };
}

/** Runs the same command handlers as Discord, line by line; resolves at end of input. */
export async function runConsole(app: App, options: ConsoleOptions): Promise<void> {
  const caller: Caller = { ...CONSOLE_CALLER, locale: options.locale };
  const { write } = options.screen;
  let filling: FillingForm | null = null;
  const show = (reply: Reply | { name: string; value: string }[]) => {
    if (!Array.isArray(reply) && reply.form) {
      filling = { form: reply.form, values: {}, next: 0 };
      write(`== ${reply.form.title} == (a form: one line per field, "cancel" drops it)`);
      askField(write, filling);
      return;
    }
    options.screen.show(reply);
  };
  const rl = createInterface({ input: options.input, terminal: options.interactive });
  if (options.interactive) {
    write(HELP);
    rl.setPrompt('> ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    if ((line === '' || line.startsWith('#')) && !filling) {
      if (options.interactive) rl.prompt();
      continue;
    }
    if (filling) {
      const current: FillingForm = filling;
      if (line === 'cancel') {
        filling = null;
        write('form dropped');
      } else {
        const field = current.form.fields[current.next]!;
        current.values[field.id] = line === '' && field.value ? field.value : raw.trim().replace(/\\n/g, '\n');
        current.next += 1;
        if (current.next < current.form.fields.length) askField(write, current);
        else {
          filling = null;
          show(await route(app, caller, { kind: 'form', customId: current.form.id, values: current.values }));
        }
      }
      if (options.interactive) rl.prompt();
      continue;
    }
    const key = /^\[?([A-Y])\]?$/i.exec(line)?.[1]?.toUpperCase();
    const complete = /^complete\s+(\/\S+)\s*(.*)$/i.exec(line);
    if (key) {
      const id = options.screen.buttonIds()[BUTTON_KEYS.indexOf(key)];
      if (id) show(await route(app, caller, { kind: 'button', customId: id }));
      else write(`no button [${key}] on the last reply`);
    } else if (complete) {
      const name = complete[1]?.slice(1) ?? '';
      const command = app.commands.find((c) => c.data.name === name);
      const focus = (command?.data.options ?? []).find((o) => 'autocomplete' in o && o.autocomplete);
      if (!focus) write(`/${name} has no autocomplete`);
      else
        show(
          await route(app, caller, {
            kind: 'autocomplete',
            name,
            subcommand: null,
            options: {},
            focused: { name: focus.name, value: complete[2] ?? '' },
          }),
        );
    } else if (line === '?' || line === 'help') {
      write(HELP);
    } else {
      const parsed = parseCommandLine(line, app.commands);
      if ('error' in parsed) write(parsed.error);
      else show(await route(app, caller, { kind: 'command', ...parsed }));
    }
    if (options.interactive) {
      write('');
      rl.prompt();
    } else {
      write('');
    }
  }
  rl.close();
}
