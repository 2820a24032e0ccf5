// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { isoDay, pagePublishedDate } from '@/content/page-date';

function page(head: string, body = ''): Document {
  document.head.innerHTML = head;
  document.body.innerHTML = body;
  return document;
}

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('isoDay', () => {
  it('keeps the day as the publisher wrote it, and nothing that is not a date', () => {
    expect(isoDay('2020-09-14T23:30:00+03:00')).toBe('2020-09-14');
    expect(isoDay(' 2022-09-26 ')).toBe('2022-09-26');
    expect(isoDay('14 September 2020')).toBeUndefined();
    expect(isoDay('2020-13-01')).toBeUndefined();
    expect(isoDay('')).toBeUndefined();
    expect(isoDay(null)).toBeUndefined();
  });
});

describe('pagePublishedDate', () => {
  it('reads the publication meta tags, Open Graph first', () => {
    expect(
      pagePublishedDate(
        page(
          '<meta name="date" content="2019-01-01"><meta property="article:published_time" content="2020-09-14T10:00:00Z">',
        ),
      ),
    ).toBe('2020-09-14');
    expect(pagePublishedDate(page('<meta itemprop="datePublished" content="2021-05-02">'))).toBe(
      '2021-05-02',
    );
    expect(pagePublishedDate(page('<meta name="DC.date.issued" content="2018-03-04">'))).toBe('2018-03-04');
  });

  it('reads JSON-LD datePublished, in a graph too, and survives a malformed block', () => {
    const graph = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [{ '@type': 'WebPage' }, { '@type': 'NewsArticle', datePublished: '2022-09-26T08:00:00Z' }],
    });
    expect(
      pagePublishedDate(
        page(
          `<script type="application/ld+json">{ not json</script><script type="application/ld+json">${graph}</script>`,
        ),
      ),
    ).toBe('2022-09-26');
  });

  it('reads <time datetime>: one marked as the publication date first, else the article’s', () => {
    expect(
      pagePublishedDate(
        page(
          '',
          '<time datetime="2024-01-01">today</time><article><time datetime="2020-09-14">14 September</time></article>',
        ),
      ),
    ).toBe('2020-09-14');
    expect(
      pagePublishedDate(
        page(
          '',
          '<article><time datetime="2024-01-01">x</time><time itemprop="datePublished" datetime="2020-09-13">y</time></article>',
        ),
      ),
    ).toBe('2020-09-13');
  });

  it('is undefined when the page states no date', () => {
    expect(pagePublishedDate(page('<meta name="description" content="2020-09-14">', '<p>No date.</p>'))).toBe(
      undefined,
    );
    expect(pagePublishedDate(page('', '<time>yesterday</time>'))).toBeUndefined();
  });
});
