import type { RequestHandler } from 'express';
import type { Runtime } from '../runtime.js';
import { escapeHtml } from './console/html.js';

/** The places a newcomer looks first, as paths on this server. */
export interface StartLink {
  label: string;
  path: string;
  /** Why it may not work yet, and what turns it on. */
  off?: string;
}

export function startLinks(runtime: Pick<Runtime, 'config'>): StartLink[] {
  const { config } = runtime;
  return [
    { label: 'start page', path: '/' },
    { label: 'widget demo', path: '/widget/demo', ...(config.WIDGET_ENABLED ? {} : { off: 'set WIDGET_ENABLED=true' }) },
    { label: 'admin console', path: '/admin', ...(config.ADMIN_TOKEN ? {} : { off: 'set ADMIN_TOKEN to turn it on' }) },
    { label: 'readiness', path: '/readyz' },
    { label: 'docs', path: '/docs/' },
  ];
}

/** One plain sentence for the start-up log: where everything is. */
export function startUpMessage(url: string, links: readonly StartLink[]): string {
  const parts = links.map((link) => `${link.label} ${url}${link.path === '/' ? '' : link.path}${link.off ? ` (off: ${link.off})` : ''}`);
  return `aftercare is running. Open ${parts.join(' · ')}`;
}

/** Which channels answer here: the ones whose adapter registered a sender (their settings are set). */
const channelNames: Record<string, string> = {
  web: 'JSON chat API',
  widget: 'web widget',
  slack: 'Slack',
  wechat: 'WeChat Official Account',
  'wecom-kf': 'WeCom customer service',
  teams: 'Microsoft Teams',
  discord: 'Discord',
};
const channelName = (name: string) => channelNames[name] ?? (name.startsWith('webhook:') ? `webhook "${name.slice(8)}"` : name);

/**
 * `GET /`: a small page saying what is running (channels, models, knowledge base) with links
 * to the widget demo, the console, the readiness check and the docs. No secrets, no data.
 */
export function startPage(runtime: Runtime): RequestHandler {
  return (_req, res) => {
    const { components, channels, knowledge } = runtime;
    const channelList = channels.names().map(channelName);
    const sentiment = components.sentimentModel;
    const retriever = knowledge.status();
    const rows: Array<[string, string]> = [
      ['Channels', channelList.length ? channelList.join(', ') : 'none yet (see the docs to connect one)'],
      [
        'Replies',
        components.llm.startsWith('none')
          ? 'quoted from the best policy passage (no language model set: OPENAI_BASE_URL)'
          : `written by ${components.llm}, checked against the policies`,
      ],
      ['Knowledge base', `${retriever.documents} documents, ${retriever.passages} passages (${retriever.version ?? 'not built'})`],
      ['Sentiment', sentiment.state === 'ready' ? `${sentiment.model} with the lexicon` : `lexicon (model ${sentiment.state})`],
      ['Intent', components.intent],
      ['Store', 'SQLite in the data directory'],
    ];
    const links = startLinks(runtime)
      .filter((link) => link.path !== '/')
      .map(
        (link) =>
          `<li><a href="${link.path}">${escapeHtml(link.label)}</a> <code>${link.path}</code>${link.off ? ` <span class="off">— off: ${escapeHtml(link.off)}</span>` : ''}</li>`,
      )
      .join('\n');
    res.set('Cache-Control', 'no-store').type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aftercare is running</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 44rem; padding: 2rem 1.25rem; color: #1f2328; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
  table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
  th, td { text-align: left; padding: .35rem .75rem .35rem 0; vertical-align: top; border-bottom: 1px solid #d0d7de; }
  th { white-space: nowrap; font-weight: 600; }
  code { background: #f6f8fa; padding: .05rem .3rem; border-radius: 4px; }
  .off { color: #57606a; }
</style>
</head>
<body>
<main>
<h1>aftercare is running</h1>
<p>The after-sales customer service bot: it answers orders, returns, refunds, exchanges, shipping and warranty questions from your policies, in English and Chinese, and hands angry or stuck customers to your staff.</p>
<table>
${rows.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}
</table>
<h2>Try it</h2>
<ul>
${links}
</ul>
<p>Talk to it in a terminal too: <code>npx aftercare chat</code>.</p>
</main>
</body>
</html>`);
  };
}
