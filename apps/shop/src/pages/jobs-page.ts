import type { Job } from '@int/core';
import { time } from './format.js';
import { html, type SafeHtml } from './html.js';

const orderIdOf = (job: Job): string | undefined => {
  const payload = job.payload as { orderId?: unknown } | null;
  return typeof payload?.orderId === 'string' ? payload.orderId : undefined;
};

export function jobsPage(jobs: Job[]): SafeHtml {
  const rows = jobs.map((job) => {
    const orderId = orderIdOf(job);
    return html`<tr data-testid="job-row" data-job-id="${job.id}" data-job-name="${job.name}" data-state="${job.state}">
      <td><code>${job.id}</code></td><td>${job.name}</td>
      <td>${orderId ? html`<a href="/orders/${orderId}">${orderId}</a>` : '-'}</td>
      <td><span class="badge ${job.state}" data-testid="job-state">${job.state}</span></td>
      <td>${job.attempts}/${job.maxAttempts}</td><td>${time(job.updatedAt)}</td>
      <td class="err">${job.lastError && job.state !== 'done' ? `${job.lastError.name}: ${job.lastError.message}` : ''}</td>
      <td>${
        job.state === 'failed'
          ? html`<form method="post" action="/jobs/${encodeURIComponent(job.id)}/retry" class="inline"><button data-testid="retry-job">Retry</button></form>`
          : ''
      }</td>
    </tr>`;
  });
  return html`<h1>Jobs</h1>
<p class="muted">Jobs retry with exponential backoff; a job that used all its attempts is <em>failed</em> and can be retried by hand.</p>
<table data-testid="jobs-table"><thead><tr><th>job</th><th>name</th><th>order</th><th>state</th><th>attempts</th><th>updated</th><th>last error</th><th></th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="8" class="muted">No jobs yet.</td></tr>`}</tbody></table>`;
}
