import type { InboxEvent } from '@int/core';
import { time } from './format.js';
import { html, type SafeHtml } from './html.js';

export function inboxPage(events: InboxEvent[]): SafeHtml {
  const rows = events.map(
    (event) => html`<tr data-testid="inbox-row" data-event-id="${event.eventId}">
      <td>${time(event.receivedAt)}</td><td>${event.provider}</td><td><code>${event.eventId}</code></td><td>${event.type}</td>
      <td><span class="badge ${event.state}">${event.state}</span></td><td>${event.attempts}</td>
      <td class="err">${event.error ? `${event.error.name}: ${event.error.message}` : ''}</td>
      <td><form method="post" action="/inbox/${encodeURIComponent(event.provider)}/${encodeURIComponent(event.eventId)}/replay" class="inline"><button class="secondary">Replay</button></form></td>
    </tr>`,
  );
  return html`<h1>Webhook inbox</h1>
<p class="muted">Every delivery is verified and stored before the shop answers 2xx; handlers run from the job queue with retries. Events without a handler are kept as <em>ignored</em>.</p>
<table data-testid="inbox-table"><thead><tr><th>received</th><th>provider</th><th>event</th><th>type</th><th>state</th><th>attempts</th><th>error</th><th></th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="8" class="muted">No webhooks yet.</td></tr>`}</tbody></table>`;
}
