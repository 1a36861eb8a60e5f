import type { DocumentKind, LinkOutcomeView, LinkPageView } from '@app/contracts';

/**
 * The small HTML pages behind public links. Everything shown comes from billing (names, numbers,
 * statuses) and is escaped; nothing from the request is echoed. No script: the page works in any
 * mail client's browser, and confirming is a plain form POST to the same URL.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const TITLE: Record<DocumentKind, string> = {
  invoice: 'Invoice',
  proforma: 'Proforma invoice',
  offer: 'Offer',
};

const STATUS_TEXT: Record<string, string> = {
  issued: 'waiting for your answer',
  accepted: 'accepted',
  rejected: 'rejected',
  expired: 'expired',
  paid: 'paid',
  reversed: 'reversed',
  voided: 'voided',
};

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}
dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{color:#666}dd{margin:0}
button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:.3rem;background:#1a5fb4;color:#fff;cursor:pointer}
button.reject{background:#a51d2d}.note{color:#555}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function summary(page: LinkPageView): string {
  const rows: Array<[string, string | null]> = [
    ['Number', page.fullNumber],
    ['From', page.sellerName],
    ['To', page.buyerName],
    ['Total', `${page.total} ${page.currency}`],
    ['Issued', page.issueDate],
    [page.kind === 'offer' ? 'Valid until' : 'Due', page.kind === 'offer' ? page.validUntil : page.dueDate],
  ];
  if (page.kind === 'offer') rows.push(['Status', STATUS_TEXT[page.status] ?? page.status]);
  return `<dl>${rows
    .filter((row): row is [string, string] => row[1] !== null)
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('')}</dl>`;
}

const heading = (page: LinkPageView) => `${TITLE[page.kind]}${page.fullNumber ? ` ${page.fullNumber}` : ''}`;

/** GET of a link: the document, and for an open offer the button that confirms the action. */
export function linkPage(page: LinkPageView, token: string): string {
  const title = heading(page);
  let action: string;
  if (page.action === 'view')
    action = `<p><a href="${escapeHtml(encodeURIComponent(token))}/pdf">Open the PDF</a></p>`;
  else if (page.actionable) {
    const verb = page.action === 'accept' ? 'Accept' : 'Reject';
    action = `<form method="post"><p>${verb} this offer? Nothing changes until you confirm.</p>
<button type="submit" class="${page.action}">${verb} the offer</button></form>`;
  } else
    action = `<p class="note">This offer is ${escapeHtml(STATUS_TEXT[page.status] ?? page.status)}: it can no longer be answered here.</p>`;
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n${summary(page)}\n${action}`);
}

/** POST of a link: what happened (or that it had already happened). */
export function outcomePage(outcome: LinkOutcomeView): string {
  const title = heading(outcome);
  const done = STATUS_TEXT[outcome.status] ?? outcome.status;
  const message = outcome.changed
    ? `Thank you: the offer is ${done}.`
    : `This offer was already ${done}; nothing more was changed.`;
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>\n${summary(outcome)}`);
}

/** Refusals (not found, expired, no longer fitting), for browsers. */
export function errorPage(status: number, title: string, detail: string): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(detail)}</p>\n<p class="note">${status}</p>`,
  );
}
