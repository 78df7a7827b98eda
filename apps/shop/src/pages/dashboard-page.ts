import type { QueueStats } from '@int/core';
import type { AlertRecord } from '../observability/alert-history.js';
import type { LoggedCall } from '../observability/call-log.js';
import type { ProviderCard } from '../observability/provider-health.js';
import { ms, percent, time } from './format.js';
import { html, type SafeHtml } from './html.js';
import { latencyChart } from './latency-chart.js';

function card(item: ProviderCard): SafeHtml {
  return html`<div class="card" data-testid="health-card-${item.provider}" data-health="${item.health}">
  <h3>${item.provider} <span class="badge ${item.health}" data-testid="health-${item.provider}">${item.health}</span></h3>
  <dl>
    <dt>mode</dt><dd>${item.mode}</dd>
    <dt>success rate</dt><dd data-testid="success-${item.provider}">${percent(item.successRate)} <span class="muted">(${item.windowCount} calls in window)</span></dd>
    <dt>p50 / p95</dt><dd>${ms(item.p50)} / ${ms(item.p95)}</dd>
    <dt>calls</dt><dd>${item.totalCalls}</dd>
    <dt>last error</dt><dd class="${item.lastError ? 'err' : ''}" data-testid="last-error-${item.provider}">${
      item.lastError
        ? `${item.lastError.name}${item.lastError.status ? ` ${item.lastError.status}` : ''}: ${item.lastError.message.slice(0, 140)} (${time(item.lastError.at)})`
        : 'none'
    }</dd>
  </dl>
</div>`;
}

function alertTable(alerts: AlertRecord[]): SafeHtml {
  if (alerts.length === 0) {
    return html`<table data-testid="alerts"><tbody><tr><td class="muted">No alerts yet.</td></tr></tbody></table>`;
  }
  const rows = alerts.map(
    (alert) => html`<tr data-testid="alert" data-provider="${alert.provider}" data-to="${alert.to}">
      <td>${time(alert.at)}</td><td>${alert.provider}</td>
      <td><span class="badge ${alert.from}">${alert.from}</span> → <span class="badge ${alert.to}">${alert.to}</span></td>
      <td>${percent(alert.successRate)} <span class="muted">(${alert.failures} of ${alert.windowCount} failed)</span></td>
      <td class="err">${alert.lastError && alert.to !== 'ok' ? `${alert.lastError.name}${alert.lastError.status ? ` ${alert.lastError.status}` : ''}` : ''}</td>
      <td title="${alert.deliveryError ?? ''}">${alert.delivery.replace('_', ' ')}</td>
    </tr>`,
  );
  return html`<table data-testid="alerts"><thead><tr><th>time</th><th>provider</th><th>change</th><th>success rate</th><th>last error</th><th>webhook</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

export function dashboardPage(options: {
  cards: ProviderCard[];
  recent: LoggedCall[];
  chartCalls: LoggedCall[];
  queue: QueueStats;
  alerts: AlertRecord[];
  alertWebhook: boolean;
  windowMs: number;
  demoAvailable: boolean;
}): SafeHtml {
  const rows = options.recent.map(
    (call) => html`<tr data-testid="recent-call">
      <td>${time(call.at)}</td><td>${call.provider}</td><td><code>${call.operation}</code></td>
      <td><span class="badge ${call.ok ? 'ok' : 'error'}">${call.ok ? 'ok' : 'failed'}</span></td>
      <td>${call.status ?? '-'}</td><td>${ms(call.durationMs)}</td>
      <td class="err">${call.ok ? '' : `${call.errorName ?? ''} ${call.errorMessage?.slice(0, 100) ?? ''}`}</td>
    </tr>`,
  );
  return html`<div class="row spread">
  <h1>Provider health</h1>
  <div class="row">
    <span class="muted" data-testid="queue-stats">jobs: ${options.queue.pending} pending · ${options.queue.running} running · ${options.queue.done} done · ${options.queue.failed} failed</span>
    ${
      options.demoAvailable
        ? html`<form method="post" action="/demo" class="inline"><button data-testid="demo-button" class="secondary">Run demo orders</button></form>`
        : ''
    }
    <a href="/orders#new"><button type="button" data-testid="new-order-link">New order</button></a>
  </div>
</div>
<p class="muted">Health and latency percentiles cover the last ${Math.round(options.windowMs / 1000)} s of calls.</p>
<div class="cards">${options.cards.map(card)}</div>
<h2>Alerts</h2>
<p class="muted">Each change of a provider's health status, with hysteresis: no verdict on fewer calls than SHOP_ALERT_MIN_CALLS in the window, worse news at once, and back to ok only at 97 % (the threshold plus 2 points), ${
    options.alertWebhook
      ? 'sent to the configured webhook, signed with Standard Webhooks.'
      : 'logged; set SHOP_ALERT_WEBHOOK_URL and SHOP_ALERT_WEBHOOK_SECRET to send them.'
  }</p>
${alertTable(options.alerts)}
<h2>Latency over time</h2>
${latencyChart(options.chartCalls)}
<h2>Recent calls</h2>
<table data-testid="recent-calls"><thead><tr><th>time</th><th>provider</th><th>operation</th><th>result</th><th>status</th><th>duration</th><th>error</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="7" class="muted">No calls yet: create an order.</td></tr>`}</tbody></table>`;
}
