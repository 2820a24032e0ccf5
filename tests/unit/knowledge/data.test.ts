/**
 * The project's own knowledge: data/articles + data/entities compile cleanly, cover what issue 3 asks for,
 * and the committed data/knowledge.json and data/search-index.json are what the sources compile to.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKnowledge } from '@/core/knowledge/schema';
import { createSearcher } from '@/core/search';
import { compileKnowledge } from '@/scripts/knowledge/compiler';
import { stableStringify, termPattern } from '@/scripts/knowledge/text';
import { formatError } from '@/scripts/knowledge/yaml-source';

const ROOT = join(__dirname, '../../..');
const compile = () =>
  compileKnowledge({ articlesDir: join(ROOT, 'data/articles'), entitiesDir: join(ROOT, 'data/entities') });
const result = compile();
const knowledge = result.knowledge;
const entity = (id: string) => knowledge?.entities.find((e) => e.id === id);

const REQUIRED_IDS = [
  'putin',
  'lukashenko',
  'tikhanovskaya',
  'kolesnikova',
  'tsepkalo',
  'bachelet',
  'judi-james',
  'belarus',
  'russia',
  'minsk',
  'sochi',
  'valdai',
  'lithuania',
  'ukraine',
  'geneva',
  'black-sea',
  'kremlin',
  'kgb',
  'un-human-rights-council',
  'united-nations',
  'nato',
  'european-union',
  'ria',
  'union-state',
];
const EVENTS: Record<string, { start: string; end?: string }> = {
  'election-2020': { start: '2020-08-09' },
  'protests-2020': { start: '2020-08-09' },
  'mobilisation-2022': { start: '2022-09-21' },
  'sochi-meeting-2020': { start: '2020-09-14' },
  'sochi-meeting-2022': { start: '2022-09-26' },
  'slavic-brotherhood-drills-2020': { start: '2020-09-14', end: '2020-09-25' },
};

describe('data/ knowledge sources', () => {
  it('compile without errors', () => {
    expect(result.errors.map(formatError)).toEqual([]);
    expect(knowledge).toBeDefined();
  });

  it('the committed knowledge.json and search-index.json are up to date (rebuild and compare)', () => {
    expect(readFileSync(join(ROOT, 'data/knowledge.json'), 'utf8')).toBe(stableStringify(knowledge));
    expect(readFileSync(join(ROOT, 'data/search-index.json'), 'utf8')).toBe(
      stableStringify(result.searchIndex),
    );
  });

  it('compiles to identical bytes every time', () => {
    const again = compile();
    expect(stableStringify(again.knowledge)).toBe(stableStringify(knowledge));
    expect(stableStringify(again.searchIndex)).toBe(stableStringify(result.searchIndex));
  });

  it('passes the schema the extension validates with', () => {
    const json = JSON.parse(readFileSync(join(ROOT, 'data/knowledge.json'), 'utf8'));
    expect(() => parseKnowledge(json)).not.toThrow();
  });

  it('has every required id with a description', () => {
    for (const id of REQUIRED_IDS) {
      expect(entity(id), id).toBeDefined();
      expect(entity(id)?.description.text.length, id).toBeGreaterThan(0);
    }
  });

  it('has the reported events with their dates', () => {
    for (const [id, when] of Object.entries(EVENTS)) {
      expect(entity(id)?.type, id).toBe('event');
      expect(entity(id)?.when, id).toEqual(when);
    }
  });

  it('gives every person and place with facts at least two facts with evidence', () => {
    for (const e of knowledge?.entities ?? []) {
      if (e.type !== 'person' && e.type !== 'place') continue;
      const evidenced = e.facts.filter((f) => f.basis === 'article' && f.evidence.length > 0);
      expect(evidenced.length, e.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('gives every quoted person their quotes', () => {
    for (const id of ['lukashenko', 'putin', 'tikhanovskaya', 'bachelet', 'judi-james']) {
      expect(entity(id)?.quotes.length, id).toBeGreaterThan(0);
    }
    const a000 = entity('lukashenko')?.quotes.filter((q) => q.evidence[0]?.article.startsWith('000_'));
    const a002 = entity('lukashenko')?.quotes.filter((q) => q.evidence[0]?.article.startsWith('002_'));
    expect(a000?.length).toBeGreaterThan(0);
    expect(a002?.length).toBeGreaterThan(0);
    expect(a000?.[0]).toMatchObject({ toEntity: 'putin', where: 'Sochi' });
  });

  it('keeps loaded labels out of its own voice and attributes them', () => {
    const terms = [
      'Minsk tyrant',
      'Vote-rigger',
      'warmonger',
      'last dictator in Europe',
      'dictator',
      'thuggish',
    ];
    for (const e of knowledge?.entities ?? []) {
      const own = [
        e.description.text,
        ...e.facts.map((f) => f.text),
        ...e.context.map((c) => c.text),
        ...e.relations.map((r) => r.text),
        ...e.disputes.map((d) => d.topic),
      ];
      for (const t of terms) for (const s of own) expect(termPattern(t).test(s), `${e.id}: ${s}`).toBe(false);
    }
    for (const a of knowledge?.articles ?? []) {
      for (const t of terms) for (const kp of a.keyPoints) expect(termPattern(t).test(kp.text)).toBe(false);
    }
    const said =
      entity('lukashenko')
        ?.saidAbout.map((s) => s.text)
        .join(' | ') ?? '';
    expect(said).toMatch(/Minsk tyrant/);
    expect(said).toMatch(/Vote-rigger/);
    expect(said).toMatch(/last dictator in Europe/);
    expect(entity('putin')?.saidAbout.some((s) => /warmonger/.test(s.text))).toBe(true);
  });

  it('never shows readers an internal article id: sources are named by publication', () => {
    if (!knowledge) throw new Error('knowledge did not compile');
    const ids = knowledge.articles.map((a) => a.id);
    // Everything a card or the popup prints, minus evidence (whose `article` field is an id by design).
    const shown = JSON.stringify(knowledge, (key, value) =>
      key === 'evidence' || key === 'id' || key === 'article' || key === 'appearances' ? undefined : value,
    );
    for (const id of ids) expect(shown).not.toContain(id);
    expect(shown).not.toMatch(/\barticle 0\d\d\b/i);
  });

  it('shows the 2020 election result as disputed, with both sides', () => {
    const d = entity('election-2020')?.disputes[0];
    expect(d?.positions.length).toBeGreaterThanOrEqual(2);
    expect(d?.positions.map((p) => p.claim).join(' ')).toMatch(/80 per cent/);
    expect(d?.positions.map((p) => p.claim).join(' ')).toMatch(/rigged/);
    expect(entity('lukashenko')?.disputes.length).toBeGreaterThan(0);
  });

  it('gives each article 3–5 key points with evidence and provenance for every field', () => {
    expect(knowledge?.articles.map((a) => a.id)).toEqual(['000_e09d0617d344a8d0', '002_a01b8898927d213c']);
    for (const a of knowledge?.articles ?? []) {
      expect(a.keyPoints.length).toBeGreaterThanOrEqual(3);
      expect(a.keyPoints.length).toBeLessThanOrEqual(5);
      for (const kp of a.keyPoints) expect(kp.evidence.length).toBeGreaterThan(0);
      expect(a.provenance.headline.stated).toBe(true);
      expect(a.provenance.date.stated).toBe(false);
    }
    expect(knowledge?.articles[0]).toMatchObject({ publication: 'The Sun', date: '2022-09-26' });
    expect(knowledge?.articles[1]).toMatchObject({ publication: 'MailOnline', date: '2020-09-14' });
  });

  it('counts mentions with the matcher, not counting the repeated captions of article 002', () => {
    const luk = entity('lukashenko')?.appearances.find((a) => a.article === '002_a01b8898927d213c');
    const text = readFileSync(join(ROOT, 'data/articles/002_a01b8898927d213c.txt'), 'utf8');
    // Every occurrence of the surname in the text, minus those in the paragraphs that repeat an earlier one.
    const all = text.match(/Lukashenko/g)?.length ?? 0;
    expect(luk?.mentions).toBeGreaterThan(0);
    expect(luk?.mentions).toBeLessThan(all);
    expect(result.notes).toContain('002_a01b8898927d213c: 7 repeated paragraph(s) not counted');
    for (const [s, e] of luk?.spans ?? []) expect(text.slice(s, e)).toMatch(/Lukashenko$/);
  });

  it('keeps the articles byte-identical to the ones received', () => {
    const shared = join(ROOT, '../shared/articles');
    if (!existsSync(shared)) return;
    for (const f of readdirSync(shared)) {
      expect(readFileSync(join(ROOT, 'data/articles', f)).equals(readFileSync(join(shared, f))), f).toBe(
        true,
      );
    }
  });

  it('loads the prebuilt search index: a variant spelling finds the entity', () => {
    const index = JSON.parse(readFileSync(join(ROOT, 'data/search-index.json'), 'utf8'));
    const searcher = createSearcher(knowledge?.entities ?? [], index);
    expect(searcher.search('Lukashenka')[0]?.id).toBe('lukashenko');
    expect(searcher.search('Tsikhanouskaya')[0]?.id).toBe('tikhanovskaya');
    expect(searcher.search('Тихановская')[0]?.id).toBe('tikhanovskaya');
  });
});
