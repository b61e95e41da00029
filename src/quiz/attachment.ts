import { MAX_IMPORT_BYTES } from './bank-files.js';

/*
 * Reading a file a member attached to /quiz import. Only Discord's CDN is
 * fetched (the URL comes with the interaction, but is still checked), over
 * http(s), with a size cap and a time limit: the bot never fetches an address
 * a member typed.
 */

export const DISCORD_FILE_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

export class AttachmentError extends Error {
  constructor(
    readonly reason: 'host' | 'size' | 'fetch',
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentError';
  }
}

export type FetchFile = (url: string) => Promise<{ name: string; text: string }>;

export function attachmentFetcher(options: {
  /** hosts besides Discord's CDN (a REST proxy or the fake Discord of the tests: DISCORD_API_URL's host) */
  extraHosts?: string[];
  maxBytes?: number;
  timeoutMs?: number;
}): FetchFile {
  const hosts = new Set([...DISCORD_FILE_HOSTS, ...(options.extraHosts ?? [])]);
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  return async (address) => {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new AttachmentError('host', 'not a URL');
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !hosts.has(url.host)) {
      throw new AttachmentError('host', `files are read only from Discord (${url.protocol}//${url.host})`);
    }
    const name = decodeURIComponent(url.pathname.split('/').pop() ?? 'file');
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), redirect: 'error' });
    if (!response.ok || !response.body) throw new AttachmentError('fetch', `download failed (${response.status})`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new AttachmentError('size', 'larger than 1 MB');
    // counted while reading: a missing or wrong Content-Length cannot push past the cap
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new AttachmentError('size', 'larger than 1 MB');
      chunks.push(chunk);
    }
    return { name, text: Buffer.concat(chunks).toString('utf8') };
  };
}
