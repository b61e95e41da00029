/**
 * The reply model: what a command returns. Two adapters render it, the Discord
 * one (discord.js) and the console one (plain text); commands never see either.
 */
export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface Embed {
  title?: string;
  url?: string;
  description?: string;
  fields?: EmbedField[];
  footer?: string;
  color?: number;
  /** absolute http(s) address of an image shown large under the text */
  image?: string;
}

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

export interface Button {
  /** custom id, at most 100 characters: `<command>:<action>:<args>` */
  id: string;
  label: string;
  style?: ButtonStyle;
  disabled?: boolean;
}

/**
 * A file sent with the reply: on Discord an attachment (a multipart upload); in the console a
 * text file (an exported bank) is printed and a picture is written to disk.
 */
export interface ReplyFile {
  /** file name with its extension, e.g. `score.png`, `questions.csv` */
  name: string;
  data: Buffer;
  /** alt text for screen readers */
  description?: string;
}

/** A text box of a form; at most 5 per form. */
export interface FormField {
  id: string;
  label: string;
  /** one line, or several */
  style?: 'short' | 'paragraph';
  /** prefilled text (an edit, or what the member typed before) */
  value?: string;
  required?: boolean;
  maxLength?: number;
  placeholder?: string;
}

/** A form the member fills in (a Discord modal); its answer comes back as a `form` request with this id. */
export interface Form {
  /** custom id, at most 100 characters: `<command>:<action>:<args>` */
  id: string;
  title: string;
  fields: FormField[];
}

export interface Reply {
  /** open this form instead of sending a message (only as the first answer to a command or a button) */
  form?: Form;
  content?: string;
  embeds?: Embed[];
  /** rows of at most 5 buttons, at most 5 rows */
  buttons?: Button[][];
  /** files attached to the message: pictures (the text still says everything they show) or an exported bank */
  files?: ReplyFile[];
  /** only the caller sees it */
  ephemeral?: boolean;
  /** for a button press: edit the message the button sits on instead of sending a new one */
  update?: boolean;
}

/** Discord's limits, enforced where replies are built. */
export const LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  content: 2000,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  formTitle: 45,
  formFields: 5,
  formLabel: 45,
  formValue: 4000,
} as const;

export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const COLORS = { info: 0x326ce5, success: 0x2e9d57, warning: 0xe0a800, danger: 0xd9534f } as const;
