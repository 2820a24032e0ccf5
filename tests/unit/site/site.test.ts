import { describe, expect, it } from 'vitest';
import { siteFromInput, siteOf, siteOfHostname, unsupportedReason } from '@/core/site';

describe('siteOf: the registrable domain of a page', () => {
  it.each([
    ['https://www.dailymail.co.uk/news/article-1.html', 'dailymail.co.uk'],
    ['https://dailymail.co.uk/', 'dailymail.co.uk'],
    ['http://news.bbc.co.uk/1/hi/world', 'bbc.co.uk'],
    ['https://www.bbc.com/news', 'bbc.com'],
    ['https://WWW.Example.COM:8443/a?b#c', 'example.com'],
    ['https://example.com./', 'example.com'],
    // github.io is a private suffix on the PSL: each user's Pages site is a site of its own.
    ['https://foo.github.io/blog/', 'foo.github.io'],
    ['https://bar.github.io/', 'bar.github.io'],
    ['https://someone.blogspot.com/2020/01/post.html', 'someone.blogspot.com'],
    // A host that is itself a public suffix has no registrable domain: the host stands for itself.
    ['https://github.io/', 'github.io'],
    ['http://127.0.0.1:8080/article.html', '127.0.0.1'],
    ['http://localhost:3000/', 'localhost'],
    ['http://[::1]:8080/', '[::1]'],
    ['http://[2001:db8::1]/', '[2001:db8::1]'],
    ['http://intranet/page', 'intranet'],
    // IDN hosts are compared in their ASCII form, the form every URL API reports.
    ['https://www.bücher.de/', 'xn--bcher-kva.de'],
  ])('%s → %s', (url, site) => {
    expect(siteOf(url)).toBe(site);
  });

  it.each([
    'file:///home/reader/article.html',
    'about:blank',
    'chrome://extensions/',
    'data:text/html,<p>hi',
    'ftp://example.com/file',
    'not a url',
    '',
    'https://',
  ])('%s has no site', (url) => {
    expect(siteOf(url)).toBeNull();
  });
});

describe('siteOfHostname and siteFromInput (what the options page stores)', () => {
  it('normalises a host to its site', () => {
    expect(siteOfHostname('www.dailymail.co.uk')).toBe('dailymail.co.uk');
    expect(siteOfHostname('  News.BBC.co.uk  ')).toBe('bbc.co.uk');
    expect(siteOfHostname('bücher.de')).toBe('xn--bcher-kva.de');
  });

  it('refuses what is not a bare hostname', () => {
    for (const bad of [
      '',
      '   ',
      'not a site',
      'example.com/path',
      'example.com:80',
      'user@example.com',
      'a..b',
    ]) {
      expect(siteOfHostname(bad), bad).toBeNull();
    }
    expect(siteOfHostname(`${'a'.repeat(250)}.com`)).toBeNull();
  });

  it('gives the same answer from the memo as from a fresh parse', () => {
    expect(siteOfHostname('www.theguardian.com')).toBe('theguardian.com');
    expect(siteOfHostname('www.theguardian.com')).toBe('theguardian.com');
  });

  it('accepts a pasted address or a bare host', () => {
    expect(siteFromInput('https://www.bbc.co.uk/news/world')).toBe('bbc.co.uk');
    expect(siteFromInput('www.bbc.co.uk')).toBe('bbc.co.uk');
    expect(siteFromInput('chrome://settings')).toBeNull();
  });
});

describe('unsupportedReason', () => {
  it.each([
    ['chrome://newtab/', 'browser-page'],
    ['chrome://extensions/', 'browser-page'],
    ['edge://settings/', 'browser-page'],
    ['about:addons', 'browser-page'],
    ['about:blank', 'browser-page'],
    ['moz-extension://0b1c/popup.html', 'browser-page'],
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html', 'browser-page'],
    ['view-source:https://example.com/', 'browser-page'],
    ['https://chromewebstore.google.com/detail/xyz', 'web-store'],
    ['https://chrome.google.com/webstore/detail/xyz', 'web-store'],
    ['https://addons.mozilla.org/en-GB/firefox/addon/x/', 'web-store'],
    ['https://microsoftedge.microsoft.com/addons/detail/x', 'web-store'],
    ['chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html', 'pdf-viewer'],
    ['resource://pdf.js/web/viewer.html', 'pdf-viewer'],
    ['https://example.com/report.PDF', 'pdf-viewer'],
    ['file:///home/reader/report.pdf', 'pdf-viewer'],
    ['data:text/html,hello', 'not-web'],
    ['blob:https://example.com/1234', 'not-web'],
    ['javascript:void(0)', 'not-web'],
    ['not a url', 'not-web'],
    ['', 'not-web'],
    [undefined, 'not-web'],
  ])('%s → %s', (url, reason) => {
    expect(unsupportedReason(url)).toBe(reason);
  });

  it.each([
    'https://www.dailymail.co.uk/news/article-1.html',
    'http://127.0.0.1:8080/fixture.html',
    // Other Google and Microsoft pages are ordinary sites; only the store paths are closed.
    'https://chrome.google.com/intl/en/chrome/',
    'https://microsoftedge.microsoft.com/',
    'https://example.com/pdf-guide.html',
    // Saved articles are supported (Chrome asks the reader to allow file access first).
    'file:///home/reader/article.html',
  ])('%s is supported', (url) => {
    expect(unsupportedReason(url)).toBeNull();
  });
});
