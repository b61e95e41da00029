import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Reply } from '../src/reply.js';
import { type Caller, route } from '../src/router.js';
import { buildLibrary, LibraryHolder } from '../src/search/library.js';
import { tempTree, testApp } from './helpers.js';

const note = (i: number) => `---\ntitle: 노트 ${i}\n---\n## 파드 ${i}\n파드는 가장 작은 배포 단위다 ${i}.`;

async function notesFolder(count: number): Promise<string> {
  return tempTree(Object.fromEntries(Array.from({ length: count }, (_, i) => [`n${i}.md`, note(i)])));
}

async function holderOver(dir: string): Promise<LibraryHolder> {
  const source = { contentDir: dir, glossaryFile: join(await tempTree({ 'glossary.yaml': '[]' }), 'glossary.yaml') };
  return new LibraryHolder(await buildLibrary(source), source);
}

describe('LibraryHolder.reload', () => {
  it('keeps the old notes when the folder is emptied, until forced', async () => {
    const dir = await notesFolder(4);
    const holder = await holderOver(dir);
    for (let i = 0; i < 4; i++) await rm(join(dir, `n${i}.md`));
    const kept = await holder.reload();
    expect(kept).toMatchObject({ kept: { reason: 'empty' }, notes: 4, previous: 4, found: 0 });
    expect(holder.current.corpus.notes.length).toBe(4);
    const forced = await holder.reload({ force: true });
    expect(forced).toMatchObject({ notes: 0, found: 0 });
    expect(forced.kept).toBeUndefined();
    expect(holder.current.corpus.notes.length).toBe(0);
  });

  it('keeps the old notes when every note became unreadable (reporting each) or more than half are gone', async () => {
    const dir = await notesFolder(4);
    const holder = await holderOver(dir);
    for (let i = 0; i < 4; i++) await writeFile(join(dir, `n${i}.md`), Buffer.from([0x41, 0xe9, 0x41]));
    const unreadable = await holder.reload();
    expect(unreadable).toMatchObject({ kept: { reason: 'empty' }, notes: 4 });
    expect(unreadable.warnings.map((w) => w.path)).toEqual(['n0.md', 'n1.md', 'n2.md', 'n3.md']);

    for (let i = 0; i < 4; i++) await writeFile(join(dir, `n${i}.md`), note(i));
    for (let i = 0; i < 3; i++) await rm(join(dir, `n${i}.md`));
    const shrank = await holder.reload();
    expect(shrank).toMatchObject({ kept: { reason: 'shrank' }, notes: 4, found: 1 });
    expect(holder.current.corpus.notes.length).toBe(4);
    // half gone is not more than half: swapped
    await writeFile(join(dir, 'n0.md'), note(0));
    const half = await holder.reload();
    expect([half.notes, half.kept]).toEqual([2, undefined]);
    expect(holder.current.corpus.notes.length).toBe(2);
  });

  it('keeps the old notes when the folder is gone, naming it, even when forced', async () => {
    const dir = await notesFolder(2);
    const holder = await holderOver(dir);
    await rm(dir, { recursive: true });
    const report = await holder.reload({ force: true });
    expect(report.kept).toEqual({ reason: 'failed', detail: `notes folder "${dir}" does not exist` });
    expect(report.notes).toBe(2);
    expect(holder.current.corpus.notes.length).toBe(2);
  });
});

describe('/reload', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
  });
  const admin: Caller = {
    userId: '200000000000000001',
    userName: 'admin',
    guildId: '300000000000000001',
    channelId: '400000000000000001',
    locale: 'ko',
    canManageGuild: true,
  };
  const reload = async (caller: Caller, options: Record<string, boolean> = {}) =>
    (await route(app as App, caller, { kind: 'command', name: 'reload', subcommand: null, options })) as Reply;

  it('says in Korean and English why it kept the old notes, and how to force', async () => {
    const dir = await notesFolder(3);
    app = await testApp({ CONTENT_DIR: dir });
    for (let i = 0; i < 3; i++) await rm(join(dir, `n${i}.md`));
    await writeFile(join(dir, 'broken.md'), '---js\n{ title: "x" }\n---\n');

    const ko = (await reload(admin)).embeds?.[0];
    expect(ko?.title).toBe('이전 노트를 그대로 쓰고 있어요');
    expect(ko?.description).toContain('새로 읽은 노트가 0개예요');
    expect(ko?.description).toContain('이전 노트 3개로 계속 답해요');
    expect(ko?.description).toContain('`/reload force:true`');
    const skipped = ko?.fields?.find((f) => f.name === '건너뛴 파일');
    expect(skipped?.value).toContain('broken.md: front matter "---js');
    expect(ko?.fields?.find((f) => f.name === '바뀐 노트')?.value).toContain('추가 0 · 변경 0 · 삭제 3 · 건너뜀 1');

    const en = (await reload({ ...admin, locale: 'en-US' })).embeds?.[0];
    expect(en?.title).toBe('Kept the previous notes');
    expect(en?.description).toContain('The new read found 0 notes');
    expect(en?.description).toContain('previous 3 notes');
    expect(app.library.current.corpus.notes.length).toBe(3);

    const forced = (await reload(admin, { force: true })).embeds?.[0];
    expect(forced?.title).toBe('노트를 다시 불러왔어요');
    expect(forced?.description).toContain('노트 0개');
    expect(app.library.current.corpus.notes.length).toBe(0);
  }, 20_000);
});
