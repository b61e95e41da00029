import { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import { commands } from '../../commands/index.js';
import { ConfigError, loadConfig, loadDotEnv } from '../config.js';

/**
 * Registers the slash commands: to one server when DISCORD_GUILD_ID is set (instant, for development),
 * else globally.
 */
export async function deployCommands(options: {
  token: string;
  clientId: string;
  guildId?: string;
  api?: string;
}): Promise<number> {
  const rest = new REST(options.api ? { api: options.api } : {}).setToken(options.token);
  const body = commands.map((c) => c.data);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.clientId, options.guildId)
    : Routes.applicationCommands(options.clientId);
  const result = (await rest.put(route, { body })) as unknown[];
  return result.length;
}

async function main(): Promise<number> {
  try {
    loadDotEnv();
    const config = loadConfig();
    if (!config.discordToken || !config.discordClientId) {
      console.error('deploy-commands needs DISCORD_TOKEN and DISCORD_CLIENT_ID (see .env.example).');
      return 1;
    }
    const count = await deployCommands({
      token: config.discordToken,
      clientId: config.discordClientId,
      guildId: config.discordGuildId,
      api: config.discordApiUrl,
    });
    const where = config.discordGuildId
      ? `in server ${config.discordGuildId}`
      : 'globally (may take up to an hour to show)';
    console.log(`registered ${count} commands ${where}`);
    return 0;
  } catch (error) {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `deploy failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  main().then((code) => {
    process.exitCode = code;
  });
}
