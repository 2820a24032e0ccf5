// A background context, so Chromium has a service worker to report the extension id from.
globalThis.probeLoaded = true;
