import { createHash } from 'node:crypto';
import { html, raw, type SafeHtml } from './html.js';

const STYLE = `
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#111827;background:#f3f4f6}
header{background:#111827;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
header a{color:#d1d5db;text-decoration:none}header a:hover,header a.active{color:#fff}
header .brand{font-weight:700;color:#fff;margin-right:12px}header .mode{margin-left:auto;font-size:12px;color:#9ca3af}
main{max-width:1180px;margin:0 auto;padding:20px 24px}
h1{font-size:22px;margin:0 0 16px}h2{font-size:16px;margin:24px 0 10px}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:16px}
.card{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card h3{margin:0 0 8px;font-size:15px;display:flex;justify-content:space-between;align-items:center}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0}.card dt{color:#6b7280}.card dd{margin:0}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600}
.ok,.completed,.done,.processed,.shipped{background:#dcfce7;color:#166534}
.warning,.pending,.confirmed,.paid,.received,.processing,.pending_payment{background:#fef9c3;color:#854d0e}
.error,.failed,.declined,.payment_error{background:#fee2e2;color:#991b1b}
.unknown,.ignored,.running{background:#e5e7eb;color:#374151}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #f1f5f9;vertical-align:top}th{background:#f9fafb;font-weight:600;color:#374151}
td.err{color:#991b1b}code{font-size:12px}
.panel{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
form.inline{display:inline}button{background:#111827;color:#fff;border:0;border-radius:6px;padding:7px 14px;cursor:pointer;font:inherit}
button.secondary{background:#e5e7eb;color:#111827}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
label{display:block;margin:6px 0 2px;color:#374151}input,select{width:100%;padding:6px 8px;border:1px solid #d1d5db;border-radius:6px;font:inherit}
.muted{color:#6b7280}.row{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
svg{width:100%;height:auto;background:#fff;border-radius:8px}
.flash{background:#fee2e2;color:#991b1b;padding:8px 12px;border-radius:6px;margin-bottom:12px}
.spread{justify-content:space-between}.nowrap{flex-wrap:nowrap}.grow{flex:1}input.qty{width:80px}h2.first{margin-top:0}
`;

/**
 * The stylesheet's CSP hash: the pages' only inline content, allowed by hash
 * so the policy needs no `'unsafe-inline'` (and the pages carry no `style=`).
 */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

const NAV: Array<[string, string, string]> = [
  ['/', 'Dashboard', 'nav-dashboard'],
  ['/orders', 'Orders', 'nav-orders'],
  ['/inbox', 'Webhook inbox', 'nav-inbox'],
  ['/jobs', 'Jobs', 'nav-jobs'],
];

export function layout(options: {
  title: string;
  path: string;
  body: SafeHtml;
  mode: string;
  /** Seconds until the page reloads itself (an order still moving). */
  refreshSeconds?: number;
}): string {
  const nav = NAV.map(
    ([href, label, testId]) =>
      html`<a href="${href}" data-testid="${testId}" class="${options.path === href ? 'active' : ''}">${label}</a>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${options.title} · int shop</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header><span class="brand">int shop</span>${nav}<span class="mode" data-testid="mode">${options.mode}</span></header>
<main>${options.body}</main>
</body>
</html>`.value;
}
