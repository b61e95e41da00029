import { type Client, DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { DmClosedError, type DirectMessages } from '../habits/direct.js';
import type { Reply } from '../reply.js';
import { toMessage } from './render.js';

/** Review reminders as DMs: opens (or reuses) the DM channel and sends; a member who refuses DMs is reported. */
export function discordDirectMessages(client: Client): DirectMessages {
  return {
    async send(userId: string, reply: Reply) {
      try {
        const channel = await client.users.createDM(userId);
        await channel.send(toMessage(reply));
      } catch (err) {
        // 50007: "Cannot send messages to this user" (DMs closed, no shared server, or the bot is blocked)
        if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
          throw new DmClosedError(userId);
        }
        throw err;
      }
    },
  };
}
