import { browserLanguage } from './i18n.js';
import type { WidgetLanguage } from './protocol.js';

export interface WidgetConfig {
  /** Origin of the aftercare server: where the script came from, unless `data-server` says otherwise. */
  server: string;
  title: string | null;
  language: WidgetLanguage;
  accent: string;
  position: 'right' | 'left';
}

const colour = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Settings from the embedding tag: `<script src=".../widget.js" data-title data-language data-accent data-position>`. */
export function readConfig(script: HTMLScriptElement | null): WidgetConfig {
  const data = script?.dataset ?? {};
  const source = data.server ?? script?.src ?? location.href;
  const requested = data.language === 'zh' || data.language === 'en' ? data.language : null;
  return {
    server: new URL(source, location.href).origin,
    title: data.title?.trim() || null,
    language: requested ?? browserLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]),
    accent: data.accent && colour.test(data.accent) ? data.accent : '#1f6feb',
    position: data.position === 'left' ? 'left' : 'right',
  };
}
