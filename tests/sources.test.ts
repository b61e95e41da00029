import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { dropLiquidTags, noteFacts } from '../src/corpus/formats.js';
import { parseNote } from '../src/corpus/load.js';
import { answerQuestion } from '../src/notes/ask.js';
import { showSection } from '../src/notes/pages.js';
import { findSection, suggestTopics } from '../src/notes/topics.js';
import { search } from '../src/search/engine.js';
import { buildLibrary } from '../src/search/library.js';
import { formLink } from '../src/sources/links.js';
import {
  DEFAULT_LIMITS,
  gitUrlProblem,
  parseSources,
  readSourcesFile,
  SourcesError,
  type SourceSpec,
} from '../src/sources/spec.js';
import { hasShared, SHARED, tempTree } from './helpers.js';

const GLOSSARY = join(import.meta.dirname, '..', 'content', 'glossary.yaml');

function pathSpec(name: string, path: string, extra: Partial<SourceSpec> = {}): SourceSpec {
  return { name, path, dir: '', format: 'markdown', rank: 1, limits: DEFAULT_LIMITS, ...extra };
}

describe('the sources file', () => {
  it('lists every problem by source index, name and key', () => {
    const text = [
      'sources:',
      '  - name: blog',
      '    git: ext::sh -c touch% /tmp/pwned',
      '    format: wordpress',
      '    link: javascript:alert(1)',
      '  - name: blog',
      '    path: ./notes',
      '    git: https://github.com/o/r.git',
      '  - name: docs',
      '    path: ./notes',
      '    rank: -1',
      '    colour: blue',
    ].join('\n');
    let error: unknown;
    try {
      parseSources(text, 'sources.yaml', '/tmp');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourcesError);
    const problems = (error as SourcesError).problems.join('\n');
    expect(problems).toContain('sources[0] (blog).git: must not contain spaces');
    expect(problems).toContain('sources[0] (blog).format:');
    expect(problems).toContain('sources[0] (blog).link: must be an https:// (or http://) URL');
    expect(problems).toContain('sources[1] (blog): needs exactly one of "path:" or "git:"');
    expect(problems).toContain('sources[1] (blog).name: "blog" is used twice');
    expect(problems).toContain('sources[2] (docs).rank:');
    expect(problems).toContain('sources[2] (docs): Unrecognized key: "colour"');
  });

  it('the committed example parses: the shipped notes and the Korean docs preset', () => {
    const specs = readSourcesFile(join(import.meta.dirname, '..', 'sources.example.yaml'));
    expect(specs.map((s) => [s.name, s.format, s.git ?? s.path, s.dir])).toEqual([
      ['notes', 'jekyll', join(import.meta.dirname, '..', 'content', 'notes'), ''],
      ['k8s-docs-ko', 'hugo', 'https://github.com/kubernetes/website.git', 'content/ko/docs'],
    ]);
    expect(specs[1]).toMatchObject({ link: 'https://kubernetes.io/ko/docs/{path}/', license: 'CC BY 4.0 (The Kubernetes Authors)', rank: 0.8 });
  });

  it('resolves path: against the file and says which folder is missing', async () => {
    const root = await tempTree({ 'notes/a.md': '# a' });
    const specs = parseSources('sources:\n  - name: mine\n    path: ./notes\n    rank: 2\n', 'x.yaml', root);
    expect(specs[0]).toMatchObject({ name: 'mine', path: join(root, 'notes'), format: 'markdown', rank: 2 });
    expect(() => parseSources('sources:\n  - name: gone\n    path: ./nowhere\n', 'x.yaml', root)).toThrow(
      `sources[0] (gone).path: folder "${join(root, 'nowhere')}" does not exist`,
    );
  });

  it('refuses git URLs other than plain https:// and file://, saying why', () => {
    expect(gitUrlProblem('https://github.com/kubernetes/website.git')).toBeNull();
    expect(gitUrlProblem('file:///srv/git/blog.git')).toBeNull();
    expect(gitUrlProblem('ext::sh -c id')).toMatch(/spaces/);
    expect(gitUrlProblem('ext::sh')).toMatch(/transport tricks/);
    expect(gitUrlProblem('file::/tmp/x')).toMatch(/transport tricks/);
    expect(gitUrlProblem('--upload-pack=touch /tmp/x')).toMatch(/must not start with "-"/);
    expect(gitUrlProblem('ssh://git@github.com/o/r.git')).toMatch(/only https:\/\/ and file:\/\//);
    expect(gitUrlProblem('git@github.com:o/r.git')).toMatch(/scp-style/);
    expect(gitUrlProblem('http://example.com/r.git')).toMatch(/not http:/);
    expect(gitUrlProblem('https://user:token@github.com/o/r.git')).toMatch(/user name or password/);
    expect(gitUrlProblem('file://server/share/r.git')).toMatch(/local path/);
  });

  it('NOTES_SOURCES problems stop the start with the file named', async () => {
    const root = await tempTree({ 'sources.yaml': 'sources:\n  - name: x\n    git: ssh://h/r.git\n' });
    const file = join(root, 'sources.yaml');
    expect(() => loadConfig({ NOTES_SOURCES: file, STORE_URL: 'memory:' })).toThrow(ConfigError);
    expect(() => loadConfig({ NOTES_SOURCES: file, STORE_URL: 'memory:' })).toThrow(
      `NOTES_SOURCES (${file}): sources[0] (x).git: only https:// and file:// are allowed`,
    );
    const config = loadConfig({ STORE_URL: 'memory:' });
    expect([config.sources, config.sourcesCacheDir, config.sourcesSyncMinutes]).toEqual([undefined, 'data/sources', 30]);
  });
});

describe('formats and links', () => {
  it('Jekyll: slug and date from the file name, Liquid tags dropped with the text around them kept', () => {
    expect(noteFacts('jekyll', '2024-10-01-pod-basics.md', {})).toEqual({
      slug: 'pod-basics',
      sitePath: 'pod-basics',
      date: '2024-10-01',
    });
    expect(dropLiquidTags('앞 {% raw %}{{ x }}{% endraw %} 뒤\n{% include links.html %}\n끝')).toBe('앞 {{ x }} 뒤\n\n끝');
    const facts = noteFacts('jekyll', '2024-10-01-pod-basics.md', {});
    expect(formLink('https://b.io/{date:yyyy}/{date:mm}/{date:dd}/{slug}/', facts, '파드')).toBe(
      `https://b.io/2024/10/01/pod-basics/#${encodeURIComponent('파드')}`,
    );
    // without a front matter title or a first heading, the title comes from the file name
    expect(parseNote('_posts/2024-10-01-pod-basics.md', Buffer.from('## 첫 절\n본문'), 'jekyll').title).toBe('pod basics');
    expect(parseNote('a/2024-10-01-x.md', Buffer.from('---\ntitle: 제목\n---\n## 절\n본문'), 'jekyll').title).toBe('제목');
    // a dated link for a note without a date points nowhere: no link
    expect(formLink('https://b.io/{date:yyyy}/{slug}/', noteFacts('jekyll', 'about.md', {}), '')).toBeUndefined();
  });

  it('Hugo: {path} is the path under the folder, _index.md is its folder', () => {
    expect(noteFacts('hugo', 'concepts/workloads/pods/_index.md', {}).sitePath).toBe('concepts/workloads/pods');
    expect(noteFacts('hugo', 'concepts/workloads/pods/pod-lifecycle.md', {}).sitePath).toBe(
      'concepts/workloads/pods/pod-lifecycle',
    );
    const link = 'https://kubernetes.io/ko/docs/{path}/';
    expect(formLink(link, noteFacts('hugo', 'concepts/_index.md', {}), 'overview')).toBe(
      'https://kubernetes.io/ko/docs/concepts/#overview',
    );
    expect(formLink(link, noteFacts('hugo', '_index.md', {}), '')).toBe('https://kubernetes.io/ko/docs/');
  });

  it('a Hugo source: shortcodes dropped with their text kept, links and images formed', async () => {
    const dir = await tempTree({
      'content/ko/docs/concepts/workloads/pods/_index.md': [
        '---',
        'title: 파드',
        '---',
        '{{< glossary_definition term_id="pod" length="all" >}}',
        '## 파드의 사용 {#using-pods}',
        '{{< note >}}파드는 보통 직접 만들지 않고 디플로이먼트로 만든다.{{< /note >}}',
        '![파드 다이어그램](/images/docs/pod.svg)',
      ].join('\n'),
    });
    const library = await buildLibrary({
      sources: [
        pathSpec('k8s-docs-ko', dir, {
          dir: 'content/ko/docs',
          format: 'hugo',
          link: 'https://kubernetes.io/ko/docs/{path}/',
          images: 'https://kubernetes.io/',
          license: 'CC BY 4.0 (The Kubernetes Authors)',
        }),
      ],
      glossaryFile: GLOSSARY,
    });
    const section = library.corpus.sections.find((s) => s.anchor === 'using-pods');
    expect(section?.url).toBe('https://kubernetes.io/ko/docs/concepts/workloads/pods/#using-pods');
    expect(section?.markdown).toContain('파드는 보통 직접 만들지 않고 디플로이먼트로 만든다.');
    expect(section?.markdown).not.toContain('{{');
    const page = showSection(section!, 0, 'ko').embeds?.[0];
    expect(page?.image).toBe('https://kubernetes.io/images/docs/pod.svg');
    expect(page?.footer).toBe(
      'k8s-docs-ko · concepts/workloads/pods/_index.md#using-pods\nCC BY 4.0 (The Kubernetes Authors)',
    );
  });

  it('an image alone on its line is the embed image, never the passage', async () => {
    const dir = await tempTree({
      '2024-11-20-etcd.md': '---\ntitle: etcd 정리\n---\n## etcd 백업은 왜 필요할까?\netcd에는 클러스터 상태가 모두 저장된다.\n\n![백업 흐름](assets/img/flow.png)\n',
    });
    const library = await buildLibrary({
      // beside the shipped notes, where 백업 is rarer than etcd: the alt text would win the passage
      sources: [
        pathSpec('blog', dir, { format: 'jekyll', images: 'https://b.io/' }),
        pathSpec('notes', join(import.meta.dirname, '..', 'content', 'notes')),
      ],
      glossaryFile: GLOSSARY,
    });
    const embed = answerQuestion(library, 'etcd 백업은 왜 필요해?', 'ko').reply.embeds?.[0];
    expect(embed?.url ?? embed?.footer).toContain('blog');
    expect(embed?.description).toContain('클러스터 상태가 모두 저장된다');
    expect(embed?.description).not.toContain('백업 흐름');
    expect(embed?.image).toBe('https://b.io/assets/img/flow.png');
  });

  it('an image outside http(s) after resolving is never shown', async () => {
    const dir = await tempTree({ 'a.md': '# 파드\n## 파드란?\n파드는 가장 작은 단위다.\n![x](javascript:alert(1))' });
    const library = await buildLibrary({
      sources: [pathSpec('n', dir, { images: 'https://b.io/' })],
      glossaryFile: GLOSSARY,
    });
    const section = library.corpus.sections.find((s) => s.heading === '파드란?');
    expect(showSection(section!, 0, 'ko').embeds?.[0]?.image).toBeUndefined();
  });
});

describe('several sources', () => {
  const note = (body: string) => `---\ntitle: 파드 정리\n---\n## 파드란?\n${body}\n`;

  it('tells same-titled notes of two sources apart in autocomplete and /note', async () => {
    const a = await tempTree({ 'pod.md': note('파드는 컨테이너를 묶는 가장 작은 단위다.') });
    const b = await tempTree({ 'pod.md': note('파드는 같은 노드에서 네트워크를 나누는 컨테이너 묶음이다.') });
    const library = await buildLibrary({
      sources: [pathSpec('alice', a), pathSpec('bob', b)],
      glossaryFile: GLOSSARY,
    });
    const choices = suggestTopics(library, '파드 정리');
    expect(choices.map((c) => c.name).sort()).toEqual(
      ['파드 정리 › 파드란? · alice', '파드 정리 › 파드란? · bob'],
    );
    expect(new Set(choices.map((c) => c.value)).size).toBe(2);
    const bobs = choices.find((c) => c.name === '파드 정리 › 파드란? · bob');
    const section = findSection(library, bobs?.value ?? '');
    expect(section?.origin?.name).toBe('bob');
    expect(showSection(section!, 0, 'ko').embeds?.[0]?.footer).toBe('bob · pod.md#파드란');
    // both notes stay separate notes for search (one per note in the results)
    expect(search(library.index, '파드', 10).hits.map((h) => h.section.origin?.name).sort()).toContain('bob');
  });

  it('ranks by the source rank: the same note under a higher rank comes first', async () => {
    const text = note('파드는 컨테이너를 묶는 가장 작은 배포 단위다.');
    const a = await tempTree({ 'pod.md': text });
    const b = await tempTree({ 'pod.md': text });
    const top = async (rankA: number, rankB: number) => {
      const library = await buildLibrary({
        sources: [pathSpec('group', a, { rank: rankA }), pathSpec('docs', b, { rank: rankB })],
        glossaryFile: GLOSSARY,
      });
      return answerQuestion(library, '파드란 뭐야?', 'ko').section?.origin?.name;
    };
    expect(await top(1, 0.5)).toBe('group');
    expect(await top(0.5, 1)).toBe('docs');
  });

  it.skipIf(!hasShared)('reads the Kubernetes docs as a Hugo path: source beside the shipped notes', async () => {
    const docs = join(SHARED, 'corpora', 'kubernetes-docs');
    const library = await buildLibrary({
      sources: [
        pathSpec('notes', join(import.meta.dirname, '..', 'content', 'notes'), { format: 'jekyll' }),
        pathSpec('k8s-docs-ko', docs, {
          dir: 'ko',
          format: 'hugo',
          link: 'https://kubernetes.io/ko/docs/{path}/',
          license: 'CC BY 4.0 (The Kubernetes Authors)',
          rank: 0.8,
        }),
      ],
      glossaryFile: GLOSSARY,
    });
    const docsReport = library.sources?.find((s) => s.name === 'k8s-docs-ko');
    expect(docsReport?.notes).toBeGreaterThan(500);
    const pods = library.corpus.sections.find((s) => s.origin?.name === 'k8s-docs-ko' && s.path === 'concepts/workloads/pods/_index.md');
    expect(pods?.url).toMatch(/^https:\/\/kubernetes\.io\/ko\/docs\/concepts\/workloads\/pods\/(#.*)?$/);
    const answer = answerQuestion(library, '파드란 뭐야?', 'ko');
    expect(answer.answered).toBe(true);
  });
});
