import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Section } from '../src/corpus/types.js';
import { loadCorpus } from '../src/corpus/load.js';
import { buildIndex, pathWords, search, select } from '../src/search/engine.js';
import { evaluate, readEvalFile } from '../src/search/eval.js';
import { buildGlossary, expand, loadGlossary, parseGlossary } from '../src/search/glossary.js';
import { analyzeWords } from '../src/search/analyze.js';
import { hasShared, SHARED } from './helpers.js';

function section(path: string, noteTitle: string, heading: string, text: string, code = ''): Section {
  return { id: path + heading, path, noteTitle, heading, headingPath: [heading], anchor: heading, text, code, markdown: text };
}

const glossary = buildGlossary([
  { ko: ['파드'], en: ['pod', 'pods'] },
  { ko: ['서비스 어카운트', '서비스어카운트'], en: ['serviceaccount', 'service account'] },
  { ko: ['디플로이먼트'], en: ['deployment'] },
]);

const notes = [
  section('en/pod.md', 'Pods', 'What is a Pod', 'A Pod is the smallest deployable unit. Containers in a pod share the network namespace.'),
  section('en/sa.md', 'Service accounts', 'Tokens', 'A service account gives a pod an identity for the API server.'),
  section('ko/deploy.md', '디플로이먼트', '롤링 업데이트', '디플로이먼트는 파드를 조금씩 교체하며 새 버전을 배포한다.'),
  section('ko/logs.md', '로그 보기', '이전 컨테이너 로그', '재시작된 컨테이너의 로그는 kubectl logs --previous로 본다.', 'kubectl logs my-pod --previous'),
];

describe('search', () => {
  const index = buildIndex(notes, glossary);

  it('finds English notes for a Korean question through the glossary', () => {
    const english = buildIndex(notes.filter((n) => n.path.startsWith('en/')), glossary);
    expect(search(english, '파드가 뭐야?').hits[0]?.section.path).toBe('en/pod.md');
    expect(search(english, '서비스 어카운트 토큰').hits[0]?.section.path).toBe('en/sa.md');
    expect(search(english, '서비스어카운트').hits[0]?.section.path).toBe('en/sa.md');
    // in mixed notes the English page about pods is still among the first answers
    expect(search(index, '파드가 뭐야?').hits.slice(0, 2).map((h) => h.section.path)).toContain('en/pod.md');
  });

  it('finds Korean notes for an English question, with or without particles', () => {
    expect(search(index, 'deployment rolling update').hits[0]?.section.path).toBe('ko/deploy.md');
    expect(search(index, '디플로이먼트를').hits[0]?.section.path).toBe('ko/deploy.md');
    expect(search(index, '디플로이먼트').hits[0]?.section.path).toBe('ko/deploy.md');
  });

  it('matches flags and identifiers, also from code blocks', () => {
    expect(search(index, '--previous').hits[0]?.section.path).toBe('ko/logs.md');
  });

  it('reports low coverage when the question is about something the notes lack', () => {
    const hit = search(index, '테라폼 모듈 작성법').hits[0];
    expect(hit === undefined || hit.coverage < 0.5).toBe(true);
    expect(search(index, '파드').hits[0]?.coverage).toBeGreaterThan(0.9);
  });

  it('answers empty and absurd input without throwing', () => {
    expect(search(index, '').hits).toEqual([]);
    expect(search(index, '🙂🙂🙂').hits).toEqual([]);
    expect(() => search(index, '파드 '.repeat(2000))).not.toThrow();
  });

  it("reads the words of a note's file name, so an English word finds a Korean note named after it", () => {
    expect(pathWords('_posts/2024-09-01-container-vs-vm.md')).toBe('container vs vm');
    expect(pathWords('concepts/workloads/_index.md')).toBe('workloads');
    expect(pathWords('tasks/configure-pod-container/security_context.md')).toBe('security context');
    const korean = buildIndex(
      [
        section('ko/self-healing.md', '자가 치유', '동작 방식', '컨테이너가 죽으면 kubelet이 다시 시작한다.'),
        section('ko/restart.md', '재시작 정책', '정책', '컨테이너가 끝나면 정책에 따라 다시 시작하거나 그대로 둔다.'),
      ],
      glossary,
    );
    expect(search(korean, 'self healing').hits[0]?.section.path).toBe('ko/self-healing.md');
  });

  it('finds another form of an English word the notes use (heal: healing), below the word itself', () => {
    const english = buildIndex(
      [
        section('en/self-healing.md', 'Self-healing', 'How it works', 'The kubelet restarts containers that crash.'),
        section('en/heal.md', 'Repairs', 'Heal a node', 'Drain the node, heal it, then uncordon it.'),
        section('en/volumes.md', 'Volumes', 'Claims', 'A claim asks for storage.'),
      ],
      glossary,
    );
    expect(search(english, 'how does kubernetes heal itself').hits.map((h) => h.section.path)).toEqual(['en/heal.md', 'en/self-healing.md']);
    expect(search(english, 'self healing').hits[0]?.section.path).toBe('en/self-healing.md');
  });

  it('weighs a long Korean word about as much as a short one, not by its number of syllable pairs', () => {
    const korean = buildIndex(
      [
        section('ko/statefulset.md', '스테이트풀셋', '순서', '스테이트풀셋은 순서를 지킨다. 스테이트풀셋 파드는 이름이 고정된다.'),
        section('ko/zookeeper.md', '주키퍼', '앙상블', '주키퍼 앙상블은 과반수가 살아 있어야 한다.'),
        section('ko/examples.md', '예제', '모음', '스테이트풀셋 예제 모음'),
        ...Array.from({ length: 6 }, (_, i) => section(`ko/other${i}.md`, '기타', '노드', `다른 이야기 ${i}: 노드와 볼륨`)),
      ],
      glossary,
    );
    // both pages hold one of the two words; the rarer word decides, not the longer one (five pairs against two)
    expect(search(korean, '주키퍼 스테이트풀셋').hits[0]?.section.path).toBe('ko/zookeeper.md');
  });

  it('shows one section per note by default', () => {
    const paths = search(index, '파드 pod 컨테이너', 10).hits.map((h) => h.section.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('looks past a note whose sections fill the first hundred, and leaves the next search unaffected', () => {
    // the shape of a labels reference page: hundreds of headings that all say "label"
    const big = Array.from({ length: 250 }, (_, i) =>
      section('ko/labels.md', 'Well-known labels', `label ${i}`, `label label label zone ${i}`),
    );
    const others = Array.from({ length: 12 }, (_, i) =>
      section(`ko/other${i}.md`, `Other ${i}`, 'notes', `${'label '.repeat(12 - i)}${'filler '.repeat(30)}`),
    );
    const many = buildIndex([...big, ...others], glossary);
    const first = search(many, 'label', 10).hits;
    expect(first.map((h) => h.section.path)).toEqual([
      'ko/labels.md',
      ...Array.from({ length: 9 }, (_, i) => `ko/other${i}.md`),
    ]);
    expect(first.map((h) => h.score)).toEqual([...first.map((h) => h.score)].sort((a, b) => b - a));
    expect(search(many, 'label', 10, 2).hits.map((h) => h.section.path).slice(0, 2)).toEqual(['ko/labels.md', 'ko/labels.md']);
    // the buffers a search marks up are reset: the same question gives the same answer again
    expect(search(many, 'label', 10).hits).toEqual(first);
  });
});

describe('select (the k-th best score without sorting)', () => {
  it('finds the value a sort would put at each rank, with ties and ordered input', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const inputs = [
      Array.from({ length: 500 }, () => Math.floor(random() * 20)),
      Array.from({ length: 300 }, (_, i) => i),
      Array.from({ length: 300 }, (_, i) => 300 - i),
      [5],
      [2, 2, 2, 2],
    ];
    for (const input of inputs) {
      const sorted = [...input].sort((a, b) => a - b);
      for (const rank of [0, 1, input.length >> 1, input.length - 2, input.length - 1].filter((r) => r >= 0)) {
        expect(select(Float64Array.from(input), rank)).toBe(sorted[rank]);
      }
    }
  });
});

describe('glossary file', () => {
  it('reports a malformed entry by index and field', () => {
    const { problems } = parseGlossary('- ko: [파드]\n  en: []\n');
    expect(problems[0]).toMatchObject({ index: 0, field: 'en' });
  });

  it('reports a spelling listed twice', () => {
    const { problems } = parseGlossary('- {ko: [파드], en: [pod]}\n- {ko: [파드], en: [pods]}\n');
    expect(problems.map((p) => p.field)).toContain('ko');
  });

  it('an ordinary word (general) crosses languages but brings no English near-synonyms, and is no concept', () => {
    const g = buildGlossary([
      { ko: ['확인', '점검'], en: ['check', 'verify'], general: true },
      { ko: ['파드'], en: ['pod'] },
    ]);
    const spellings = (text: string) => expand(g, analyzeWords(text)).flatMap((e) => e.spellings);
    expect(spellings('확인')).toEqual(['확인', '점검', 'check', 'verify']);
    expect(spellings('check')).toEqual(['확인', '점검']);
    expect(spellings('pod')).toEqual(['파드', 'pod']);
    expect(g.conceptKeys.has('pod')).toBe(true);
    expect(g.conceptKeys.has('check')).toBe(false);
  });

  it('a glossary word followed by an ending the particle list lacks still crosses languages, a longer compound does not', () => {
    const g = buildGlossary([
      { ko: ['삭제'], en: ['delete'], general: true },
      { ko: ['노드'], en: ['node'] },
      { ko: ['인증서'], en: ['certificate'] },
    ]);
    const spellings = (text: string) => expand(g, analyzeWords(text, true)).flatMap((e) => e.spellings);
    expect(spellings('파드가 삭제되면')).toContain('delete');
    expect(spellings('인증서로만')).toContain('certificate');
    // three syllables after 노드 are a word of their own (노드셀렉터: nodeSelector), not an ending
    expect(spellings('노드셀렉터')).toEqual([]);
  });

  it('the shipped glossary is valid and large enough', async () => {
    const g = await loadGlossary(join(import.meta.dirname, '..', 'content', 'glossary.yaml'));
    expect(g.entries.length).toBeGreaterThanOrEqual(250);
  });
});

describe.skipIf(!hasShared)('quality on the public development questions', () => {
  it('meets MRR@10 >= 0.95 (ko) and >= 0.75 (Korean questions, English pages)', async () => {
    const g = await loadGlossary(join(import.meta.dirname, '..', 'content', 'glossary.yaml'));
    const questions = await readEvalFile(join(SHARED, 'eval', 'k8sdocs-ko-dev.jsonl'));
    const ko = await loadCorpus(join(SHARED, 'corpora', 'kubernetes-docs', 'ko'));
    const en = await loadCorpus(join(SHARED, 'corpora', 'kubernetes-docs', 'en'));
    expect(evaluate(buildIndex(ko.sections, g), questions).mrr10).toBeGreaterThanOrEqual(0.95);
    expect(evaluate(buildIndex(en.sections, g), questions).mrr10).toBeGreaterThanOrEqual(0.75);
  });
});
