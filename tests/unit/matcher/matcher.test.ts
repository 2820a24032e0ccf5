import { describe, expect, it } from 'vitest';
import { compileMatcher, type MatcherSource } from '@/core/matcher';
import fixture from '@/tests/fixtures/matcher/entities.json' with { type: 'json' };

const source = fixture as MatcherSource;
const matcher = compileMatcher(source);

/** Mentions as "entity:text" (with "~" when fuzzy) — readable in failures, and it checks the offsets. */
function found(text: string, m = matcher): string[] {
  return m.match(text).map((x) => `${x.entity}:${text.slice(x.start, x.end)}${x.fuzzy ? '~' : ''}`);
}

describe('case', () => {
  it('finds declared names in any case the page uses', () => {
    expect(found('Lukashenko, LUKASHENKO and lukashenko')).toEqual([
      'lukashenko:Lukashenko',
      'lukashenko:LUKASHENKO',
      'lukashenko:lukashenko',
    ]);
    expect(found('VLADIMIR Putin spoke.')).toEqual(['putin:VLADIMIR Putin']);
  });

  it('folds Cyrillic case', () => {
    expect(found('ЛУКАШЕНКО и лукашенко, Лукашэнка')).toEqual([
      'lukashenko:ЛУКАШЕНКО',
      'lukashenko:лукашенко',
      'lukashenko:Лукашэнка',
    ]);
  });

  it('matches acronyms only in their declared case', () => {
    expect(found('Un jour, un homme est venu.')).toEqual([]);
    expect(found('The UN said; the Un said; the un said.')).toEqual(['united-nations:UN']);
    expect(found('nato and NATO.')).toEqual(['nato:NATO']);
    // German papers write "Nato"; declared as a case-sensitive variant so Italian "nato" (born) stays out.
    expect(found('Die Nato; è nato; NATO.')).toEqual(['nato:Nato', 'nato:NATO']);
    expect(found('Die EU und eu.')).toEqual(['european-union:EU']);
  });

  it('honours caseSensitive on a non-acronym name', () => {
    const m = compileMatcher({
      entities: [{ id: 'hope', type: 'place', names: [{ text: 'Hope', kind: 'full', caseSensitive: true }] }],
    });
    expect(found('Hope, hope, HOPE', m)).toEqual(['hope:Hope']);
  });
});

describe('possessives', () => {
  it('excludes the possessive suffix from the mention', () => {
    for (const s of ["Putin's", 'Putin’s', 'Putin‘s', 'Putinʼs']) {
      const text = `${s} aide`;
      const [m] = matcher.match(text);
      expect(m, s).toMatchObject({ entity: 'putin', start: 0, end: 5 });
    }
  });

  it('accepts a bare apostrophe after a final s', () => {
    const m = compileMatcher({
      entities: [{ id: 'reuters', type: 'organisation', names: [{ text: 'Reuters', kind: 'full' }] }],
    });
    expect(found("Reuters' report and Reuters’ reporters", m)).toEqual([
      'reuters:Reuters',
      'reuters:Reuters',
    ]);
  });
});

describe('broken-up names', () => {
  it('matches across line breaks, whitespace runs and non-breaking spaces', () => {
    for (const sep of ['\n', '  \t ', '\u00A0', '\u202F', '\r\n', ' \u2009']) {
      const text = `said Alexander${sep}Lukashenko today`;
      expect(found(text), JSON.stringify(sep)).toEqual([`lukashenko:Alexander${sep}Lukashenko`]);
    }
  });

  it('ignores soft hyphens and zero-width characters inside a name', () => {
    for (const ch of ['\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF']) {
      const name = `Luka${ch}shen${ch}ko`;
      expect(found(`President ${name}.`), JSON.stringify(ch)).toEqual([`lukashenko:${name}`]);
    }
  });

  it('gives the same matches for NFC and NFD text, with offsets into the text given', () => {
    const nfc = 'Святлана Ціханоўская і Ціханоўскай';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(found(nfc)).toEqual(['tikhanovskaya:Святлана Ціханоўская', 'tikhanovskaya:Ціханоўскай']);
    expect(found(nfd).map((s) => s.normalize('NFC'))).toEqual(found(nfc));
    const m = matcher.match(nfd);
    expect(m[0]?.end).toBe(nfd.indexOf(' і'));
  });

  it('is accent-insensitive for Latin and keeps a trailing combining mark inside the mention', () => {
    const m = compileMatcher({
      entities: [{ id: 'd', type: 'person', names: [{ text: 'Lukašenka', kind: 'variant' }] }],
    });
    expect(found('Lukasenka; Lukašenka; Lukas\u030Cenka', m)).toHaveLength(3);
    const text = 'Sochi\u0301 x';
    expect(matcher.match(text)[0]).toMatchObject({ start: 0, end: 6 });
  });
});

describe('word boundaries', () => {
  it('does not match a name inside a longer word', () => {
    expect(found('Putinism and Putinist Sochiites; Kremlinology')).toEqual([]);
    expect(found('Путинизм')).toEqual([]);
    expect(found('UNESCO, EUR, NATOs')).toEqual([]);
  });

  it('matches after hyphens and punctuation', () => {
    expect(found('anti-Putin, pro-Kremlin (Sochi) "Minsk"')).toEqual([
      'putin:Putin',
      'kremlin:Kremlin',
      'sochi:Sochi',
      'minsk:Minsk',
    ]);
  });

  it('extends Cyrillic names by their declared inflectional suffixes only', () => {
    expect(found('Путина, Путину, Путиным, Путине; Путинам')).toEqual([
      'putin:Путина',
      'putin:Путину',
      'putin:Путиным',
      'putin:Путине',
    ]);
    expect(found('Лукашенко, Лукашенкоа')).toEqual(['lukashenko:Лукашенко']);
    expect(found('в Минске, из Минска')).toEqual(['minsk:Минске', 'minsk:Минска']);
  });
});

describe('longest name wins', () => {
  it('reports a full name as one mention', () => {
    expect(found('Alexander Lukashenko and Aliaksandr Lukashenka')).toEqual([
      'lukashenko:Alexander Lukashenko',
      'lukashenko:Aliaksandr Lukashenka',
    ]);
  });

  it('does not report an acronym inside a longer name', () => {
    expect(found('the UN Human Rights Council met')).toEqual([
      'un-human-rights-council:UN Human Rights Council',
    ]);
    expect(found('the United Nations Human Rights Council')).toEqual([
      'un-human-rights-council:United Nations Human Rights Council',
    ]);
    expect(found('RIA Novosti and RIA')).toEqual(['ria:RIA Novosti', 'ria:RIA']);
  });
});

describe('notIn', () => {
  // A lower-case word after the name, which the context rules (context.test.ts) cannot decide.
  const withStreet = compileMatcher({
    entities: source.entities.map((e) =>
      e.id === 'lukashenko' ? { ...e, notIn: ['Lukashenko street'] } : e,
    ),
  });

  it('does not report a name covered by one of its entity’s notIn phrases', () => {
    expect(found('the Minsk agreements and the Minsk Protocol were signed in Minsk')).toEqual([
      'minsk:Minsk',
    ]);
    expect(found('Lukashenko street, named for Alexander Lukashenko', withStreet)).toEqual([
      'lukashenko:Alexander Lukashenko',
    ]);
  });

  it('does not let a blocked name become a fuzzy match', () => {
    expect(found('Lukashenko street', withStreet)).toEqual([]);
  });

  it('blocks only its own entity', () => {
    const m = compileMatcher({
      entities: [
        { id: 'minsk', type: 'place', names: [{ text: 'Minsk', kind: 'full' }], notIn: ['Minsk Protocol'] },
        { id: 'protocol', type: 'event', names: [{ text: 'Minsk Protocol', kind: 'full' }] },
      ],
    });
    expect(found('the Minsk Protocol', m)).toEqual(['protocol:Minsk Protocol']);
  });
});

describe('first names', () => {
  it('never match alone, exactly or fuzzily', () => {
    expect(found('Alexander, Vladimir, Svetlana, Sviatlana, Aliaksandr and Maria')).toEqual([]);
    expect(found('Alexandr, Vladimyr, Swetlana')).toEqual([]);
  });
});

describe('fuzzy near misses', () => {
  it('finds undeclared spellings of fuzzy entities and marks them', () => {
    expect(found('Lukaschenko, Loukachenko, Tikhanovskaia, Kolesnikowa, Tichanovskaya')).toEqual([
      'lukashenko:Lukaschenko~',
      'lukashenko:Loukachenko~',
      'tikhanovskaya:Tikhanovskaia~',
      'kolesnikova:Kolesnikowa~',
      'tikhanovskaya:Tichanovskaya~',
    ]);
  });

  it('matches a near miss of a two-word full name as one mention', () => {
    expect(found('Sviatlana Tsikhanouskaja spoke')).toEqual(['tikhanovskaya:Sviatlana Tsikhanouskaja~']);
  });

  it('requires a capitalised word', () => {
    expect(found('lukaschenko')).toEqual([]);
  });

  it('keeps to tight distances and long names', () => {
    // 3 edits from "Lukashenko"; "Sochi" is too short for any edit; "Kremlin" is not a fuzzy entity.
    expect(found('Lakaschenkow, Sachi, Kremlen')).toEqual([]);
    // One edit is allowed at 6–8 letters, not two.
    expect(found('Valdaj, Veldaj')).toEqual(['valdai:Valdaj~']);
  });

  it('requires the same first letter', () => {
    expect(found('Mukashenko')).toEqual([]);
  });

  it('rejects a name with letters added or dropped at its end (another form, not a misspelling)', () => {
    expect(found('Kolesnikov and Tikhanovsky')).toEqual([]);
    // Oblique cases of feminine surnames look like a gender change, and are declared when wanted.
    expect(found('Лукашенкоа, Колесниковой')).toEqual([]);
  });

  it('rejects a word equally near two entities', () => {
    const m = compileMatcher({
      entities: [
        { id: 'a', type: 'person', fuzzy: true, names: [{ text: 'Petrenko', kind: 'surname' }] },
        { id: 'b', type: 'person', fuzzy: true, names: [{ text: 'Petrunko', kind: 'surname' }] },
        { id: 'c', type: 'person', names: [{ text: 'Sidorenko', kind: 'surname' }] },
        { id: 'd', type: 'person', fuzzy: true, names: [{ text: 'Sidorenka', kind: 'surname' }] },
      ],
    });
    expect(found('Petranko', m)).toEqual([]);
    expect(found('Petrenka', m)).toEqual(['a:Petrenka~']);
    // Near a non-fuzzy entity's name as much as the fuzzy one's: a known other name, not a misspelling.
    expect(found('Sidorenkq', m)).toEqual([]);
  });

  it('can be switched off', () => {
    expect(found('Lukaschenko', compileMatcher(source, { fuzzy: false }))).toEqual([]);
  });

  it('ignores fuzzy on organisations', () => {
    const m = compileMatcher({
      entities: [
        { id: 'o', type: 'organisation', fuzzy: true, names: [{ text: 'Gazprombank', kind: 'full' }] },
      ],
    });
    expect(found('Gazprombenk', m)).toEqual([]);
  });
});

describe('output', () => {
  it('is sorted, non-overlapping, and empty for empty text', () => {
    expect(matcher.match('')).toEqual([]);
    expect(matcher.match(' \n\u00A0')).toEqual([]);
    const ms = matcher.match('Putin, Lukaschenko and the UN met NATO in Sochi and Minsk; Tikhanovskaya.');
    expect(ms.map((m) => m.entity)).toEqual([
      'putin',
      'lukashenko',
      'united-nations',
      'nato',
      'sochi',
      'minsk',
      'tikhanovskaya',
    ]);
    for (let k = 1; k < ms.length; k++) expect(ms[k]?.start).toBeGreaterThanOrEqual(ms[k - 1]?.end ?? 0);
  });

  it('gives a shared name to the first entity declaring it and reports the conflict', () => {
    const m = compileMatcher({
      entities: [
        { id: 'first', type: 'person', names: [{ text: 'Smith', kind: 'surname' }] },
        { id: 'second', type: 'person', names: [{ text: 'SMITH', kind: 'surname' }] },
      ],
    });
    expect(found('Smith', m)).toEqual(['first:Smith']);
    expect(m.conflicts).toEqual([{ name: 'smith', entities: ['first', 'second'] }]);
  });

  it('counts distinct normalised names', () => {
    const m = compileMatcher({
      entities: [
        {
          id: 'x',
          type: 'person',
          names: [
            { text: 'Putin', kind: 'surname' },
            { text: 'PUTIN', kind: 'variant' },
            { text: 'Pu\u00ADtin', kind: 'variant' },
            { text: 'PT', kind: 'acronym' },
          ],
        },
      ],
    });
    expect(m.size).toBe(2);
  });
});
