import {
  ActionRowBuilder,
  type APIEmbed,
  ButtonBuilder,
  ButtonStyle,
  type InteractionReplyOptions,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { type Button, type Form, LIMITS, type Reply, truncate } from '../reply.js';

const STYLES: Record<NonNullable<Button['style']>, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Nothing the bot sends may ping: replies echo questions and note text. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

function toEmbed(embed: NonNullable<Reply['embeds']>[number]): APIEmbed {
  return {
    title: embed.title ? truncate(embed.title, LIMITS.embedTitle) : undefined,
    url: embed.url,
    description: embed.description ? truncate(embed.description, LIMITS.embedDescription) : undefined,
    color: embed.color,
    fields: embed.fields?.slice(0, LIMITS.fields).map((f) => ({
      name: truncate(f.name, LIMITS.fieldName),
      value: truncate(f.value || '\u200b', LIMITS.fieldValue),
      inline: f.inline,
    })),
    footer: embed.footer ? { text: truncate(embed.footer, 2048) } : undefined,
    image: embed.image ? { url: embed.image } : undefined,
  };
}

function toRows(buttons: Button[][] | undefined): ActionRowBuilder<ButtonBuilder>[] {
  return (buttons ?? []).slice(0, 5).map((row) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      row.slice(0, 5).map((b) =>
        new ButtonBuilder()
          .setCustomId(b.id.slice(0, LIMITS.customId))
          .setLabel(truncate(b.label, LIMITS.buttonLabel))
          .setStyle(STYLES[b.style ?? 'secondary'])
          .setDisabled(b.disabled ?? false),
      ),
    ),
  );
}

/** The message payload for a reply model (channel messages, edits and interaction replies alike). */
export function toMessage(reply: Reply) {
  return {
    content: reply.content ? truncate(reply.content, LIMITS.content) : undefined,
    embeds: (reply.embeds ?? []).map(toEmbed),
    components: toRows(reply.buttons),
    allowedMentions: NO_MENTIONS,
    // an edit keeps the old attachments unless told: the new files replace them
    ...(reply.files?.length
      ? {
          files: reply.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
          attachments: [],
        }
      : {}),
  };
}

/** A form as a Discord modal: one labelled text input per field. */
export function toModal(form: Form): ModalBuilder {
  const modal = new ModalBuilder()
    .setCustomId(form.id.slice(0, LIMITS.customId))
    .setTitle(truncate(form.title, LIMITS.formTitle));
  for (const field of form.fields.slice(0, LIMITS.formFields)) {
    const input = new TextInputBuilder()
      .setCustomId(field.id)
      .setStyle(field.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short)
      .setRequired(field.required ?? true)
      .setMaxLength(Math.min(field.maxLength ?? LIMITS.formValue, LIMITS.formValue));
    if (field.placeholder) input.setPlaceholder(truncate(field.placeholder, 100));
    if (field.value) input.setValue(truncate(field.value, LIMITS.formValue));
    modal.addLabelComponents(new LabelBuilder().setLabel(truncate(field.label, LIMITS.formLabel)).setTextInputComponent(input));
  }
  return modal;
}

export function toInteractionReply(reply: Reply): InteractionReplyOptions {
  return { ...toMessage(reply), flags: reply.ephemeral ? MessageFlags.Ephemeral : undefined };
}
