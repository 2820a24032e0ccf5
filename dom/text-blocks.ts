/**
 * DOM → text mapping shared by the content script and the command-line annotator: the page read as blocks of
 * visible text (dom/text/types.ts), found by a lazy walk (dom/text/walk.ts) under the rules of
 * dom/text/classify.ts, with offsets mapped back to DOM ranges (dom/text/ranges.ts).
 */
export { blockRootOf } from '@/dom/text/block-root';
export { documentText } from '@/dom/text/document-text';
export { isHiddenNow } from '@/dom/text/env';
export { aimRange, boundaryPoints, offsetInBlock, toRange } from '@/dom/text/ranges';
export { BLOCK_SEPARATOR, type ScanOptions, type TextBlock, UI_ATTRIBUTE } from '@/dom/text/types';
export { collectBlocks, PAUSE, walkBlocks, walkSteps } from '@/dom/text/walk';
