import { describe, expect, it } from 'vitest';
import { mergePairs } from '../scripts/glossary-word-pairs.js';
import { buildGlossary, parseGlossary } from '../src/search/glossary.js';
import { buildIndex, search } from '../src/search/engine.js';
import type { Section } from '../src/corpus/types.js';

const glossary = `- ko:
    - 파드
  en:
    - pod
- general: true
  ko:
    - 생성
  en:
    - create
`;

describe('reviewed word pairs merged into the glossary', () => {
  it('adds new general entries, extends a general entry through either side, and leaves concepts alone', () => {
    const { text, stats } = mergePairs(glossary, [
      'created,creating\t생성', // meets the general entry through its Korean side
      'override,overridden\t재정의,오버라이드',
      'pods\t포드', // pods is the concept pod's plural: nothing new on the English side, so nothing is added
      'cause,caused\t원인,생성', // 생성 stays with create: joining the entries would make cause mean create
      '',
    ]);
    expect(stats).toEqual({ pairs: 4, newEntries: 2, extendedEntries: 1, leftAlone: 1 });
    const { entries, problems } = parseGlossary(text);
    expect(problems).toEqual([]);
    expect(entries[0]).toEqual({ ko: ['파드'], en: ['pod'] });
    expect(entries[1]).toEqual({ general: true, ko: ['생성'], en: ['create', 'created', 'creating'] });
    expect(entries[2]).toEqual({ general: true, ko: ['재정의', '오버라이드'], en: ['override', 'overridden'] });
    expect(entries[3]).toEqual({ general: true, ko: ['원인'], en: ['cause', 'caused'] });
    // merging the same pairs again changes nothing
    expect(mergePairs(text, ['created,creating\t생성']).text).toBe(text);
  });

  it('refuses a line that is not a pair', () => {
    expect(() => mergePairs(glossary, ['override'])).toThrow(/not a pair: "override"/);
  });
});

describe("an ordinary word's English forms", () => {
  const section = (path: string, text: string): Section => ({
    id: path, path, noteTitle: path, heading: path, headingPath: [path], anchor: '', text, code: '', markdown: text,
  });
  it('share its weight: together they weigh √n words, not n', () => {
    const g = buildGlossary([
      { ko: ['서비스'], en: ['service'] },
      { general: true, ko: ['생성'], en: ['create', 'created', 'creating', 'creates'] },
    ]);
    const index = buildIndex(
      [
        section('inflections.md', 'It creates what was created by creating and create steps.'),
        section('service.md', 'A service routes traffic. Create one with kubectl expose.'),
        ...Array.from({ length: 8 }, (_, i) => section(`filler${i}.md`, `Unrelated page ${i} about nodes and volumes.`)),
      ],
      g,
    );
    const hits = search(index, '서비스 생성').hits.map((h) => h.section.path);
    expect(hits[0]).toBe('service.md');
    const weights = search(index, '서비스 생성').terms.filter((t) => ['create', 'created', 'creating', 'creates'].includes(t.term));
    // three distinct forms in the corpus (creates is create's plural): together they weigh √3 words, not 3
    expect(weights.reduce((sum, t) => sum + t.weight, 0)).toBeCloseTo(0.8 * Math.sqrt(3));
  });
});
