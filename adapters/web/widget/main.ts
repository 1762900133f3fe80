import { readConfig } from './config.js';
import { WidgetController } from './controller.js';

/**
 * Entry point of `/widget.js`. The embedding tag's `data-*` attributes configure it; nothing
 * else on the host page is needed or touched (the widget lives in its own shadow root).
 */
function start(script: HTMLScriptElement | null): void {
  const run = () => new WidgetController(readConfig(script)).mount();
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

const marker = '__aftercareWidget';
const scope = window as unknown as Record<string, unknown>;
if (!scope[marker]) {
  scope[marker] = true;
  start(document.currentScript as HTMLScriptElement | null);
}
