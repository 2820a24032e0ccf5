/**
 * content-app.js: the content app, loaded by content.js when the page may name someone or the extension asks it
 * something (content/content-app.ts says when and why).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startContentApp } from '@/content/app';
import { CONTENT_APP_GLOBAL, type ContentApp } from '@/content/content-app';
import { provide } from '@/content/on-demand';

export default defineUnlistedScript(() => {
  provide<ContentApp>(CONTENT_APP_GLOBAL, { start: startContentApp });
});
