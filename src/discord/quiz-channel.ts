import { ChannelType, type Client, DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import type { Reply } from '../reply.js';
import { FollowUps, type QuizChannel, type PostOptions } from '../scheduler/quiz-channel.js';
import { toMessage } from './render.js';

/** what the daily quiz needs in its channel, named as Discord's channel settings show them */
const NEEDED = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
] as const;

async function textChannel(client: Client, channelId: string) {
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable() || channel.isDMBased()) {
    throw new Error(`channel ${channelId} is not a server text channel`);
  }
  return channel;
}

/** The scheduler's view of Discord: post, edit, and check that the bot may post in a channel. */
export function discordQuizChannel(client: Client): QuizChannel {
  const followUps = new FollowUps();
  return {
    keepFollowUp(guildId, userId, send) {
      followUps.keep(guildId, userId, send);
    },
    async postMessage(channelId: string, reply: Reply, options: PostOptions) {
      const channel = await textChannel(client, channelId);
      // the same nonce on every retry: if Discord created the message but the answer was lost, it returns that one
      const message = await channel.send({ ...toMessage(reply), nonce: options.nonce, enforceNonce: true });
      return { messageId: message.id };
    },
    async editMessage(channelId: string, messageId: string, reply: Reply) {
      const channel = await textChannel(client, channelId);
      await channel.messages.edit(messageId, toMessage(reply));
    },
    async tellMember(guildId: string, userId: string, reply: Reply) {
      if (await followUps.send(guildId, userId, reply)) return 'follow-up' as const;
      try {
        await client.users.send(userId, toMessage(reply));
        return 'dm' as const;
      } catch (err) {
        // DMs closed to the bot (or no server in common): the member's choice, not a failure
        if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)
          return 'closed' as const;
        throw err;
      }
    },
    async checkChannel(guildId: string, channelId: string) {
      const guild = await client.guilds.fetch(guildId).catch(() => null);
      const channel = guild ? await guild.channels.fetch(channelId).catch(() => null) : null;
      if (!channel) return { ok: false, missing: [], unknown: true };
      if (!(channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement)) {
        return { ok: false, missing: ['a text channel of this server'] };
      }
      const me =
        guild?.members.me ?? (client.user ? await guild?.members.fetch(client.user.id).catch(() => null) : null);
      const permissions = me ? channel.permissionsFor(me) : null;
      const missing = NEEDED.filter(([, bit]) => !permissions?.has(bit)).map(([name]) => name);
      return { ok: missing.length === 0, missing };
    },
  };
}
