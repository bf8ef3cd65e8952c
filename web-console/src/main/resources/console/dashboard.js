// The analysts' dashboard: plain JS over the read API. The API key lives in this tab's sessionStorage only
// and travels in the x-api-key header; the API URL (not a secret) is remembered in localStorage.
'use strict';

const KEY_STORE = 'recorder.apiKey';
const URL_STORE = 'recorder.apiUrl';
const PAGE_LIMIT = 100;
const MAX_PAGES = 20;
const DETAIL_CONCURRENCY = 4;
const MAX_CSV_PAGES = 1000; // 100,000 rows: beyond that, page with curl (README)

const $ = (selector) => document.querySelector(selector);

class ApiError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

function apiBase() {
  return ($('#api-url').value || '').trim().replace(/\/+$/, '');
}

function apiKey() {
  return sessionStorage.getItem(KEY_STORE);
}

async function api(path, { allowNotFound = false, absentWhen = [404] } = {}) {
  const response = await send(path, 'application/json');
  if (allowNotFound && absentWhen.includes(response.status)) {
    return null;
  }
  await refuseErrors(path, response);
  return response.json();
}

async function send(path, accept) {
  try {
    return await fetch(apiBase() + path, {
      headers: { 'x-api-key': apiKey(), Accept: accept },
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new ApiError('network', `Could not reach the API at ${apiBase()}. Check the URL and that the API is running; `
      + `a deployed API must also allow this page's origin (${location.origin}) in its corsAllowedOrigins.`);
  }
}

/** Throws a readable ApiError for any answer that is not a success. */
async function refuseErrors(path, response) {
  if (response.status === 403) {
    throw new ApiError('forbidden', 'The API refused this API key (403 Forbidden): it is mistyped, revoked or was '
      + 'rotated. Enter a valid key and connect again.');
  }
  if (response.status === 429) {
    throw new ApiError('throttled', 'Too many requests, or the daily quota of this key is used up (429). Try again later.');
  }
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      detail = `${problem.title || detail}: ${problem.detail || ''} (request ${problem.requestId || 'unknown'})`;
    } catch (ignored) {
      // not a problem document: the status line says enough
    }
    throw new ApiError('failed', `The API answered ${path.split('?')[0]} with an error. ${detail}`);
  }
}

/** Every CSV page of a listing (Accept: text/csv, Next-Cursor), one header row, saved as a file. */
async function downloadCsv(path, filename) {
  let csv = '';
  let cursor = null;
  for (let page = 0; page < MAX_CSV_PAGES; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const pagePath = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path;
    const response = await send(pagePath, 'text/csv');
    await refuseErrors(pagePath, response);
    const text = await response.text();
    csv += page === 0 ? text : text.slice(text.indexOf('\r\n') + 2);
    cursor = response.headers.get('Next-Cursor');
    if (!cursor) {
      break;
    }
  }
  if (cursor) {
    showMessage(`The CSV holds the first ${MAX_CSV_PAGES} pages only: page through the rest with curl (Next-Cursor).`, 'info');
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/** Every page of a listing, following nextCursor (bounded: a dashboard, not an export; CSV is for that). */
async function allPages(path) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const body = await api(`${path}${separator}limit=${PAGE_LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) {
      break;
    }
  }
  return items;
}

function showMessage(text, kind = 'error') {
  const message = $('#message');
  message.textContent = text;
  message.className = kind;
  message.hidden = !text;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '—' : String(text);
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function badge(text, className) {
  const span = document.createElement('span');
  span.className = `badge ${className || ''}`.trim();
  span.textContent = text;
  return span;
}

function money(amount, currency) {
  return `${amount} ${currency}`; // exact decimal strings from the API, shown as they are
}

function changeBadge(series, detail) {
  const changes = detail ? detail.amountChanges : [];
  if (!changes || changes.length === 0) {
    return badge('no change', 'none');
  }
  const last = changes[changes.length - 1];
  const rising = !last.percent.startsWith('-');
  return badge(`${rising ? '▲ +' : '▼ '}${last.percent} % (${last.from} → ${last.to} ${series.currency})`, rising ? 'up' : 'down');
}

/** Runs fn over items with at most `limit` in flight. */
async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function loadSeries(listing) {
  const series = await listing;
  const tbody = $('#series-table tbody');
  tbody.replaceChildren();
  $('#series-section .empty').hidden = series.length > 0;
  // The latest amount change is in each series' detail.
  const details = await mapLimited(series, DETAIL_CONCURRENCY, (s) => api(`/recurring-payments/${encodeURIComponent(s.seriesId)}`, { allowNotFound: true }));
  series.forEach((s, index) => {
    const row = document.createElement('tr');
    row.dataset.seriesId = s.seriesId;
    cell(row, s.description, 'description');
    cell(row, s.cadence, 'cadence');
    cell(row, '', 'status').appendChild(badge(s.status, s.status));
    cell(row, s.nextExpectedDate, 'next-date');
    cell(row, s.count, 'num count');
    cell(row, money(s.total, s.currency), 'num total');
    cell(row, '', 'change').appendChild(changeBadge(s, details[index]));
    row.addEventListener('click', () => { location.hash = `series=${s.seriesId}`; });
    tbody.appendChild(row);
  });
}

/**
 * "Overdue" is about the date, the status about the cadence's tolerance: an ACTIVE series due yesterday is
 * both. Say which it is, so the upcoming entry reads consistently with the status column.
 */
function overdueBadge(item, status, asOf) {
  const days = Math.round((Date.parse(asOf) - Date.parse(item.expectedDate)) / 86400000);
  const ago = `due ${days} day${days === 1 ? '' : 's'} ago`;
  if (status === 'LATE') {
    return badge(`LATE — ${ago}`, 'LATE');
  }
  if (status === 'ACTIVE') {
    return badge(`${ago} — within tolerance`, 'grace');
  }
  return badge(`overdue — ${ago}`, 'overdue');
}

async function loadUpcoming(listing) {
  const section = $('#upcoming-section');
  const note = section.querySelector('.note');
  const table = $('#upcoming-table');
  // An API without this read answers 404, or 400 where /recurring-payments/{seriesId} takes "upcoming" for an id.
  const body = await api('/recurring-payments/upcoming?within=P30D&limit=100', { allowNotFound: true, absentWhen: [400, 404] });
  if (body === null) {
    note.textContent = 'Upcoming payments are not available from this API yet (no /recurring-payments/upcoming).';
    note.hidden = false;
    table.hidden = true;
    return;
  }
  // Without the listing (its own section reports why), an overdue entry is flagged without its status.
  const statuses = new Map((await listing.catch(() => [])).map((s) => [s.seriesId, s.status]));
  const items = [...body.items].sort((a, b) => (b.overdue - a.overdue) || a.expectedDate.localeCompare(b.expectedDate));
  note.textContent = items.length === 0 ? `Nothing expected within ${body.within} of ${body.asOf}.` : `As of ${body.asOf}.`;
  note.hidden = false;
  table.hidden = items.length === 0;
  $('#upcoming-legend').hidden = !items.some((item) => item.overdue);
  const tbody = table.querySelector('tbody');
  tbody.replaceChildren();
  for (const item of items) {
    const row = document.createElement('tr');
    row.className = item.overdue ? 'overdue' : 'upcoming';
    cell(row, item.expectedDate);
    cell(row, item.description, 'description');
    cell(row, item.cadence);
    cell(row, money(item.expectedAmount, item.currency), 'num');
    const flag = cell(row, '', 'flag');
    if (item.overdue) {
      flag.appendChild(overdueBadge(item, statuses.get(item.seriesId), body.asOf));
    }
    tbody.appendChild(row);
  }
}

async function loadSpending() {
  const spending = await api('/spending/monthly');
  const container = $('#spending-charts');
  container.querySelectorAll('canvas').forEach((canvas) => { const chart = Chart.getChart(canvas); if (chart) chart.destroy(); });
  container.replaceChildren();
  const currencies = [...new Set(spending.months.flatMap((m) => Object.keys(m.totals)))].sort();
  $('#spending-section .empty').hidden = currencies.length > 0;
  for (const currency of currencies) {
    const months = spending.months.filter((m) => m.totals[currency] !== undefined);
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = currency;
    const canvas = document.createElement('canvas');
    canvas.dataset.currency = currency;
    const box = document.createElement('div');
    box.className = 'chart-box'; // a sized parent: a responsive chart takes its parent's size
    box.appendChild(canvas);
    figure.append(caption, box);
    container.appendChild(figure);
    const exact = months.map((m) => m.totals[currency]);
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: months.map((m) => m.month),
        // Bar heights only: labels and tooltips show the exact decimal strings.
        datasets: [{ label: `Spent (${currency})`, data: exact.map(Number), backgroundColor: '#2457c5' }],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (context) => money(exact[context.dataIndex], currency) } },
        },
        scales: { y: { beginAtZero: true } },
      },
    });
  }
}

async function showDetail(seriesId) {
  const detail = await api(`/recurring-payments/${encodeURIComponent(seriesId)}`, { allowNotFound: true });
  if (detail === null) {
    showMessage(`No series ${seriesId} among yours.`);
    location.hash = '';
    return;
  }
  $('#overview').hidden = true;
  $('#series-detail').hidden = false;
  $('#detail-title').textContent = `${detail.description} (${detail.currency})`;
  $('#detail-csv').dataset.csv = `/payments?seriesId=${encodeURIComponent(detail.seriesId)}&limit=100`;
  const summary = $('#detail-summary');
  summary.replaceChildren();
  const facts = [['Cadence', detail.cadence], ['Status', detail.status], ['Next expected', detail.nextExpectedDate],
    ['Payments', detail.count], ['Total', money(detail.total, detail.currency)],
    ['Average', money(detail.averageAmount, detail.currency)], ['Latest amount', money(detail.lastAmount, detail.currency)],
    ['First paid', detail.firstPaymentAt], ['Last paid', detail.lastPaymentAt], ['Confidence', detail.confidence]];
  for (const [name, value] of facts) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value === null || value === undefined ? '—' : String(value);
    summary.append(dt, dd);
  }
  const changes = $('#detail-changes tbody');
  changes.replaceChildren();
  for (const change of detail.amountChanges) {
    const row = document.createElement('tr');
    cell(row, change.at);
    cell(row, money(change.from, detail.currency), 'num');
    cell(row, money(change.to, detail.currency), 'num');
    cell(row, '', 'num').appendChild(changeBadge(detail, { amountChanges: [change] }));
    changes.appendChild(row);
  }
  if (detail.amountChanges.length === 0) {
    cell(changes.appendChild(document.createElement('tr')), 'The amount never changed.').colSpan = 4;
  }
  const payments = $('#detail-payments tbody');
  payments.replaceChildren();
  for (const payment of detail.recentPayments) {
    const row = document.createElement('tr');
    cell(row, payment.paymentTimestamp);
    cell(row, payment.paymentDescription);
    cell(row, money(payment.amount, payment.currency), 'num');
    cell(row, payment.paymentId, 'id');
    payments.appendChild(row);
  }
}

async function loadOverview() {
  $('#series-detail').hidden = true;
  $('#overview').hidden = false;
  // Independent sections: one failing (say, upcoming on an older API) does not blank the others.
  // The listing is read once: the upcoming section shows each overdue entry's status from it.
  const listing = allPages('/recurring-payments');
  const results = await Promise.allSettled([loadSeries(listing), loadUpcoming(listing), loadSpending()]);
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
}

async function render() {
  if (!apiKey()) {
    $('#overview').hidden = true;
    $('#series-detail').hidden = true;
    showMessage('Enter an API key to see your recurring payments. (A new tab or a closed session starts without one.)', 'info');
    return;
  }
  try {
    const match = location.hash.match(/^#series=(ser_[0-9a-z]{26})$/);
    if (match) {
      await showDetail(match[1]);
    } else {
      await loadOverview();
    }
    document.body.dataset.loaded = 'true';
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'forbidden') {
      sessionStorage.removeItem(KEY_STORE);
      $('#overview').hidden = true;
      $('#series-detail').hidden = true;
    }
    showMessage(error.message || String(error));
    document.body.dataset.loaded = 'error';
  }
}

function init() {
  const served = location.protocol === 'http:' || location.protocol === 'https:';
  $('#api-url').value = localStorage.getItem(URL_STORE) || (served ? location.origin : '');
  $('#connect').addEventListener('submit', (event) => {
    event.preventDefault();
    localStorage.setItem(URL_STORE, apiBase());
    sessionStorage.setItem(KEY_STORE, $('#api-key').value.trim());
    $('#api-key').value = ''; // not left in the page
    showMessage('');
    render();
  });
  $('#forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORE);
    render();
  });
  for (const button of document.querySelectorAll('button.csv')) {
    button.addEventListener('click', () => downloadCsv(button.dataset.csv, button.dataset.file)
      .catch((error) => showMessage(error.message || String(error))));
  }
  $('#back').addEventListener('click', (event) => {
    event.preventDefault();
    location.hash = '';
  });
  window.addEventListener('hashchange', () => { showMessage(''); render(); });
  render();
}

document.addEventListener('DOMContentLoaded', init);
