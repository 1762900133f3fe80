import type { RequestHandler } from 'express';

/**
 * `GET /widget/demo`: a page of a pretend shop with the widget embedded exactly as the README
 * says, to try it after `npm start` without a site of one's own.
 */
export const demoPage: RequestHandler = (_req, res) => {
  res.set('Cache-Control', 'no-store').type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo shop · aftercare widget</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
  header { background: #243b53; color: #fff; padding: 1rem 2rem; }
  main { max-width: 46rem; padding: 2rem; }
  code { background: #e4e7eb; padding: .1rem .3rem; border-radius: 3px; }
</style>
</head>
<body>
<header><strong>Demo shop</strong></header>
<main>
  <h1>Order #A1024 has shipped</h1>
  <p>This page stands in for a shop's site. The chat button in the corner is the aftercare widget,
  embedded with one <code>&lt;script&gt;</code> tag. Ask it about returns, refunds or shipping, or write
  "agent please" to be handed to a colleague.</p>
</main>
<script src="/widget.js" data-title="Demo shop support" async></script>
</body>
</html>`);
};
