/** The context rules (core/matcher/context.ts): what is not a mention, decided for every entity, both sides. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMatcher, type Exclusion, type MatcherSource } from '@/core/matcher';
import { bucketItems, fuzzyFacts, fuzzyKeys, lazyEntities, lazyMatcher } from '@/core/matcher/lazy';
import fixture from '@/tests/fixtures/matcher/entities.json' with { type: 'json' };

const source = fixture as MatcherSource;
const matcher = compileMatcher(source);

function found(text: string): string[] {
  return matcher.match(text).map((x) => `${x.entity}:${text.slice(x.start, x.end)}`);
}

function why(text: string): string[] {
  const out: string[] = [];
  matcher.match(text, (x: Exclusion) => out.push(`${x.rule}:${x.entity}:${text.slice(x.start, x.end)}`));
  return out;
}

describe('names inside addresses', () => {
  it('are not mentions: URLs, domains, e-mail addresses, file names, slugs', () => {
    expect(found('See https://www.nytimes.com/2017/01/12/as-trump-reaches-toward-putin.html today.')).toEqual(
      [],
    );
    expect(found('Write to press@kremlin.example or visit www.sochi.example/putin.')).toEqual([]);
    expect(found('Attached: 2020-08-16-Minsk-march.jpg and Lukashenko_speech.pdf.')).toEqual([]);
    expect(found('/news/vladimir-putin-speech/ and russian-economy-putin-095350018')).toEqual([]);
    expect(why('kremlin.ru')).toEqual(['address:kremlin:kremlin']);
  });

  it('leave a human-readable name, a link text or a name ending a sentence, a mention', () => {
    expect(found('As Trump Reaches Toward Putin, U.S. Troops Arrive in Poland')).toEqual([
      'trump:Trump',
      'putin:Putin',
    ]);
    expect(found('They met in Minsk. The talks went on.')).toEqual(['minsk:Minsk']);
    expect(found('Minsk’s mayor met Putin... then Sochi!')).toEqual([
      'minsk:Minsk',
      'putin:Putin',
      'sochi:Sochi',
    ]);
  });
});

describe('another person with the same surname', () => {
  it('is someone else after a capitalised given name that is not the person’s', () => {
    expect(found('Viktor Lukashenko, the eldest son, and Nikolai Lukashenko.')).toEqual([]);
    expect(found('В дальнейшем Виктор Лукашенко займет пост.')).toEqual([]);
    expect(found('In 1997, President Bill Clinton imposed an embargo.')).toEqual([]);
    expect(why('Viktor Lukashenko')).toEqual(['other-person:lukashenko:Lukashenko']);
  });

  it('is the person after a title, a function word, an adjective of nationality or their own given name', () => {
    expect(found('Mr Lukashenko met President Putin. But Lukashenko left.')).toEqual([
      'lukashenko:Lukashenko',
      'putin:Putin',
      'lukashenko:Lukashenko',
    ]);
    expect(found('Dr. Lukashenko and Ms Tikhanovskaya; the Belarusian Lukashenko.')).toEqual([
      'lukashenko:Lukashenko',
      'tikhanovskaya:Tikhanovskaya',
      'lukashenko:Lukashenko',
    ]);
    // A declined given name of the person ("Александра" for "Александр"), a near spelling of a full name.
    expect(found('сын президента Александра Лукашенко')).toEqual(['lukashenko:Лукашенко']);
    expect(found('Alexandr Lukashenko spoke.')).toEqual(['lukashenko:Lukashenko']);
    expect(found('In addition to Viktor, Lukashenko has two other sons.')).toEqual(['lukashenko:Lukashenko']);
  });
});

describe('part of a longer proper name', () => {
  it('is not a mention when bound to a capitalised word that forms another name', () => {
    expect(found('The OSCE Minsk Group met; the Minsk II deal failed.')).toEqual([]);
    expect(found('UN Security Council resolution 2321 passed.')).toEqual([]);
    expect(why('read The Washington Post daily')).toEqual(['longer-name:washington:Washington']);
  });

  it('stays a mention at a sentence start, before a title, in a Title-Case headline, next to another name', () => {
    expect(found('Minsk is cold. In Minsk, protests. Moscow Mayor Sobyanin came.')).toEqual([
      'minsk:Minsk',
      'minsk:Minsk',
    ]);
    expect(found('Putin Meets Lukashenko In Sochi')).toEqual([
      'putin:Putin',
      'lukashenko:Lukashenko',
      'sochi:Sochi',
    ]);
    expect(found('PUTIN MEETS LUKASHENKO')).toEqual(['putin:PUTIN', 'lukashenko:LUKASHENKO']);
    expect(found('the Kremlin Spokesman said; Putin Lukashenko talks')).toEqual([
      'kremlin:Kremlin',
      'putin:Putin',
      'lukashenko:Lukashenko',
    ]);
    // Russian puts a capitalised noun first and the name after in the genitive.
    expect(found('Сторонники Тихановской вышли. КГБ Беларуси задержал.')).toEqual([
      'tikhanovskaya:Тихановской',
      'kgb:КГБ',
    ]);
  });
});

describe('compound modifiers', () => {
  it('are mentions when the name keeps its capital: X-backed, X-based, pro-X, anti-X', () => {
    expect(
      found('a Kremlin-backed uprising, a London-based group, pro-Kremlin and anti-Putin voices'),
    ).toEqual(['kremlin:Kremlin', 'london:London', 'kremlin:Kremlin', 'putin:Putin']);
  });

  it('are not when they are adjectives the knowledge does not list, or lower-case slugs', () => {
    expect(found('pro-Russian separatists, anti-Putinist slogans, Minsker Abkommen')).toEqual([]);
    expect(found('see kremlin-backed-media-report and anti-putin-rally')).toEqual([]);
  });
});

describe('words of other languages', () => {
  it('stay excluded by case, and say so', () => {
    expect(found('un homme et une femme; Un jour')).toEqual([]);
    expect(why('un jour')).toEqual(['case:united-nations:un']);
    expect(why('the Minsk agreements')).toEqual(['list:minsk:Minsk agreements']);
  });
});

describe('the lazy matcher', () => {
  it('excludes exactly what compileMatcher excludes, on the labelled corpus', () => {
    const { bits, buckets } = bucketItems(source);
    const lazy = lazyMatcher({
      ...lazyEntities(source.entities),
      slotBits: bits,
      fuzzy: fuzzyFacts(source),
      fuzzyKeys: () => fuzzyKeys(source),
      slots: buckets.flatMap((b) => [b.slot, b.lengths]),
      load: (i) => (buckets[i] as (typeof buckets)[number]).items,
    });
    const dir = join(import.meta.dirname, '../../fixtures/matcher');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const a: Exclusion[] = [];
      const b: Exclusion[] = [];
      expect(lazy.match(text, (x) => b.push(x))).toEqual(matcher.match(text, (x) => a.push(x)));
      expect(b).toEqual(a);
    }
  });
});
