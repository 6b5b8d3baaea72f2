import { mount } from 'svelte';
import App from './App.svelte';
import { app } from './lib/app.svelte';
import { loadTemplates } from './lib/catalog';
import { toApiError } from './lib/transport';
import './app.css';

// The lesson templates come from the core; the editor needs them to draw.
let failed: unknown = null;
await loadTemplates((c) => app.transport.call(c)).catch((e) => (failed = e));
if (failed) app.showError(toApiError(failed));

export default mount(App, { target: document.getElementById('app')! });
