import type { Choice } from '../command.js';
import type { Reply } from '../reply.js';

/** Letters shown for buttons: the user types the letter to press it. */
export const BUTTON_KEYS = 'ABCDEFGHIJKLMNOPQRSTUVWXY';

function unescapeMarkdown(text: string, bold: boolean): string {
  const plain = text.replace(/\\([\\*_`~|>#[\]()])/g, '$1');
  return bold ? plain.replace(/\*\*([^*]+)\*\*/g, '\u001b[1m$1\u001b[22m') : plain;
}

/** A reply as readable text: content, embeds as title / body / fields, buttons as `[A] label`. */
export function renderReply(reply: Reply | Choice[], options: { bold?: boolean } = {}): string {
  const bold = options.bold ?? false;
  if (Array.isArray(reply)) return reply.map((c, i) => `${i + 1}. ${c.name}`).join('\n');
  const out: string[] = [];
  if (reply.ephemeral) out.push('(only you can see this)');
  if (reply.content) out.push(unescapeMarkdown(reply.content, bold));
  for (const embed of reply.embeds ?? []) {
    if (embed.title) out.push(`== ${unescapeMarkdown(embed.title, bold)} ==`);
    if (embed.url) out.push(embed.url);
    if (embed.description) out.push(unescapeMarkdown(embed.description, bold));
    for (const field of embed.fields ?? []) {
      out.push(`-- ${unescapeMarkdown(field.name, bold)}\n${unescapeMarkdown(field.value, bold)}`);
    }
    if (embed.image) out.push(`(image: ${embed.image})`);
    // one line each: a footer may carry the license under the source
    for (const line of embed.footer?.split('\n') ?? []) out.push(`(${line})`);
  }
  for (const file of (reply.files ?? []).filter((f) => isTextFile(f.name))) {
    out.push(`--- file ${file.name} ---\n${file.data.toString('utf8').trimEnd()}\n--- end of ${file.name} ---`);
  }
  const buttons = (reply.buttons ?? []).flat();
  if (buttons.length) {
    out.push(buttons.map((b, i) => `[${BUTTON_KEYS[i]}] ${b.label}${b.disabled ? ' (disabled)' : ''}`).join('  '));
  }
  return out.join('\n');
}

/** A file the console prints as text (an exported bank); any other file (a picture) is written to disk. */
export function isTextFile(name: string): boolean {
  return /\.(ya?ml|csv|txt)$/i.test(name);
}
