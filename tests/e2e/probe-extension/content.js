// Runs in the content script's isolated world, like the real content script: registers one highlight made of
// Ranges and one made of StaticRanges, then marks the scan as done.
const style = document.createElement('style');
style.textContent = '::highlight(reader-context) { background: #ffe58a; }';
document.head.append(style);
const text = document.querySelector('h1').firstChild;
const live = new Range();
live.setStart(text, 0);
live.setEnd(text, 5);
const fixed = new StaticRange({ startContainer: text, startOffset: 6, endContainer: text, endOffset: 12 });
CSS.highlights.set('reader-context', new Highlight(live));
CSS.highlights.set('reader-context-static', new Highlight(fixed));
CSS.highlights.set('someone-else', new Highlight(live));
performance.mark('reader-context:scan');
