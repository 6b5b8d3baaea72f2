import { mount } from 'svelte';
import App from './App.svelte';
import { app } from './lib/app.svelte';
import { loadTemplates } from './lib/catalog';
import { toApiError } from './lib/transport';
import './app.css';

// Marks for the start-up figures (tests/perf/app-desktop.mjs reads them).
performance.mark('trellis:script');
// The lesson templates come from the core; the editor needs them to draw.
let failed: unknown = null;
await loadTemplates((c) => app.transport.call(c)).catch((e) => (failed = e));
if (failed) app.showError(toApiError(failed));
performance.mark('trellis:templates');

export default mount(App, { target: document.getElementById('app')! });
