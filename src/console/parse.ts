import type { APIApplicationCommandOption } from 'discord.js';
import type { OptionValue } from '../command.js';
import type { Command } from '../command.js';

const YES = ['true', 'yes', '1', 'on', '예', '네'];
const NO = ['false', 'no', '0', 'off', '아니오', '아니요'];

/** Option types from Discord's API (ApplicationCommandOptionType). */
const SUBCOMMAND = 1;
const BOOLEAN = 5;
const INTEGER = 4;
const NUMBER = 10;

export interface ParsedLine {
  name: string;
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
}

/**
 * Reads a console line the way a user would type a slash command:
 * `/ask 컨테이너가 뭐야?`, `/note topic:파드`, `/config time 09:00`.
 * `name:value` pairs are recognised only for the command's own option names;
 * bare text fills the first required option.
 */
export function parseCommandLine(line: string, commands: readonly Command[]): ParsedLine | { error: string } {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
  if (!match) return { error: 'commands start with /, e.g. /ask 컨테이너란?' };
  const name = (match[1] ?? '').toLowerCase();
  let rest = match[2] ?? '';
  const command = commands.find((c) => c.data.name === name);
  if (!command) return { name, subcommand: null, options: {} };
  let defs: APIApplicationCommandOption[] = (command.data.options ?? []) as APIApplicationCommandOption[];
  let subcommand: string | null = null;
  const subs = defs.filter((o) => o.type === SUBCOMMAND);
  if (subs.length > 0) {
    const word = /^(\S+)\s*/.exec(rest);
    const sub = subs.find((s) => s.name === word?.[1]?.toLowerCase());
    if (!sub) return { error: `/${name} needs one of: ${subs.map((s) => s.name).join(', ')}` };
    subcommand = sub.name;
    rest = rest.slice(word?.[0].length ?? 0);
    defs = ('options' in sub ? (sub.options ?? []) : []) as APIApplicationCommandOption[];
  }
  const options: Record<string, OptionValue | undefined> = {};
  const names = defs.map((d) => d.name);
  const pattern = names.length
    ? new RegExp(`(?:^|\\s)(${names.map((n) => n.replace(/[-]/g, '\\-')).join('|')}):`, 'g')
    : null;
  const marks = pattern ? [...rest.matchAll(pattern)] : [];
  const bare = (marks.length ? rest.slice(0, marks[0]?.index ?? 0) : rest).trim();
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? rest.length;
    options[m[1] ?? ''] = rest.slice(start, end).trim();
  });
  if (bare) {
    const target =
      defs.find((d) => 'required' in d && d.required && options[d.name] === undefined) ??
      defs.find((d) => options[d.name] === undefined);
    if (target) options[target.name] = bare;
  }
  for (const def of defs) {
    const value = options[def.name];
    if (typeof value !== 'string') continue;
    if (def.type === BOOLEAN) {
      // a word that is neither yes nor no is passed on as typed, so the command refuses it with the accepted values
      const word = value.toLowerCase();
      if (YES.includes(word)) options[def.name] = true;
      else if (NO.includes(word)) options[def.name] = false;
    }
    else if (def.type === INTEGER || def.type === NUMBER) {
      const n = Number(value);
      if (Number.isNaN(n)) return { error: `${def.name} must be a number` };
      options[def.name] = n;
    }
  }
  return { name, subcommand, options };
}
