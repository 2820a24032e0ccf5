/** The content script: on every page, the first look (content/first-look.ts), which loads the content app if needed. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startFirstLook } from '@/content/first-look';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  // WXT tells an older copy of this script (after an update) to stop with a DOM event; by default it also posts the
  // same news to the page's own window, where every page script can read it, and Chrome's stack capture of that
  // call makes V8 reparse the whole bundle. WXT's context is not used: a page can end it (content/context.ts).
  noScriptStartedPostMessage: true,
  main: () => startFirstLook(),
});
