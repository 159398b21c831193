/**
 * The fleet dashboard: a hash-routed single page over the fleet service's
 * v1 API (docs/service.md), charts by Chart.js. Every number drawn is also
 * in a table next to it (the accessible form, and what the browser tests read).
 */
import { BarController, BarElement, CategoryScale, Chart, Colors, Legend, LinearScale, Tooltip } from 'chart.js';
import './style.css';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, Colors);
Chart.defaults.animation = false;

const main = document.getElementById('main')!;
const tokenInput = document.getElementById('token') as HTMLInputElement;
tokenInput.value = localStorage.getItem('cpumodels-token') ?? '';
tokenInput.addEventListener('change', () => {
  localStorage.setItem('cpumodels-token', tokenInput.value);
  void route();
});

class ApiError extends Error {}

async function api<T = any>(path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const tok = localStorage.getItem('cpumodels-token');
  if (tok) headers['authorization'] = `Bearer ${tok}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(path, { method: body === undefined ? 'GET' : 'POST', headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const j = await r.json();
  if (!r.ok) throw new ApiError(`${j.message ?? r.statusText}${j.hint ? ` (${j.hint})` : ''}`);
  return j as T;
}

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const hostLink = (n: string) => `<a href="#/host/${encodeURIComponent(n)}">${esc(n)}</a>`;
const charts: Chart[] = [];

function bar(canvas: HTMLCanvasElement, labels: string[], datasets: { label: string; data: number[] }[], horizontal = false): void {
  charts.push(new Chart(canvas, { type: 'bar', data: { labels, datasets }, options: { responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? 'y' : 'x', plugins: { legend: { display: datasets.length > 1 } } } }));
}

function chartBox(id: string, label: string): string {
  return `<div class="chart"><canvas id="${id}" role="img" aria-label="${esc(label)}"></canvas></div>`;
}

// ---------------------------------------------------------------- overview
async function overview(): Promise<void> {
  const [hosts, classes] = await Promise.all([api('/v1/hosts?limit=10000'), api('/v1/classes?hosts=0')]);
  const byArch = new Map<string, number>();
  for (const h of hosts.hosts) byArch.set(h.arch, (byArch.get(h.arch) ?? 0) + 1);
  const clusters = [...new Set<string>(hosts.hosts.map((h: any) => h.labels?.cluster).filter(Boolean))].sort();
  main.innerHTML = `
    <h2>Overview</h2>
    <section aria-labelledby="h-arch"><h3 id="h-arch">Hosts by architecture</h3>
      <p>Total: <strong data-testid="host-total">${hosts.matching}</strong> hosts in <strong data-testid="class-total">${classes.classes.length}</strong> classes.</p>
      ${chartBox('c-arch', 'hosts by architecture')}
      <table data-testid="arch-table"><thead><tr><th scope="col">Architecture</th><th scope="col" class="num">Hosts</th></tr></thead>
      <tbody>${[...byArch].map(([a, n]) => `<tr><th scope="row">${esc(a)}</th><td class="num" data-arch="${esc(a)}">${n}</td></tr>`).join('')}</tbody></table>
    </section>
    <section aria-labelledby="h-class"><h3 id="h-class">Hosts by capability class</h3>
      ${chartBox('c-class', 'hosts per capability class')}
      <table data-testid="class-table"><thead><tr><th scope="col">Class</th><th scope="col">Arch</th><th scope="col" class="num">Features</th><th scope="col" class="num">Hosts</th></tr></thead>
      <tbody>${classes.classes.map((c: any) => `<tr><th scope="row"><code>${esc(c.display)}</code></th><td>${esc(c.arch)}</td><td class="num">${c.featureCount}</td><td class="num" data-class="${esc(c.signature)}">${c.hostCount}</td></tr>`).join('')}</tbody></table>
    </section>
    <div id="baselines"></div>`;
  bar(document.getElementById('c-arch') as HTMLCanvasElement, [...byArch.keys()], [{ label: 'hosts', data: [...byArch.values()] }]);
  bar(document.getElementById('c-class') as HTMLCanvasElement, classes.classes.map((c: any) => c.display), [{ label: 'hosts', data: classes.classes.map((c: any) => c.hostCount) }], true);
  const box = document.getElementById('baselines')!;
  const groups = clusters.length ? clusters.map((c) => ({ title: `cluster=${c}`, selector: `cluster=${c}` })) : [...byArch.keys()].map((a) => ({ title: `all ${a} hosts`, arch: a }));
  let i = 0;
  for (const g of groups) {
    const id = `c-held-${i++}`;
    const sec = document.createElement('section');
    sec.setAttribute('aria-label', `baseline of ${g.title}`);
    sec.dataset['testid'] = 'baseline';
    sec.dataset['group'] = g.title;
    box.append(sec);
    try {
      const b = await api('/v1/baseline', 'selector' in g ? { selector: g.selector } : { arch: g.arch });
      if (b.status === 'unknown') {
        // no host's CPU is known (e.g. aarch64 hosts read from libvirt's domcapabilities): no model to show
        sec.innerHTML = `<h3>Baseline of ${esc(g.title)}</h3>
          <p data-testid="baseline-unknown">Unknown: the CPU of no host is known.</p>
          <ul>${b.unknown.map((u: any) => `<li>${u.hostCount} hosts (${u.hosts.map(esc).join(', ')}): ${esc(u.why)}</li>`).join('')}</ul>`;
        continue;
      }
      sec.innerHTML = `<h3>Baseline of ${esc(g.title)}</h3>
        <p><code data-testid="baseline-model">${esc(b.display)}</code>: <span data-testid="baseline-features">${b.features.length}</span> features over <span data-testid="baseline-hosts">${b.hostCount}</span> hosts in ${b.classCount} classes.</p>
        ${b.heldBackBy.length ? chartBox(id, `what holds the baseline of ${g.title} back`) : '<p>Nothing holds it back: every class has every feature of the others.</p>'}
        <table data-testid="held-table"><caption>What holds it back: per class, the features it alone removes</caption>
        <thead><tr><th scope="col">Class</th><th scope="col" class="num">Features it alone removes</th><th scope="col" class="num">Hosts</th><th scope="col">Features</th></tr></thead>
        <tbody>${b.heldBackBy.map((h: any) => `<tr><th scope="row"><code>${esc(h.model)}@${esc(h.signature)}</code></th><td class="num" data-held="${esc(h.signature)}">${h.features.length}</td><td class="num">${h.hostCount}</td><td><small>${h.features.map(esc).join(' ')}</small></td></tr>`).join('')}</tbody></table>`;
      if (b.heldBackBy.length) bar(document.getElementById(id) as HTMLCanvasElement, b.heldBackBy.map((h: any) => `${h.model}@${h.signature.slice(0, 6)}`), [{ label: 'features it alone removes', data: b.heldBackBy.map((h: any) => h.features.length) }, { label: 'hosts', data: b.heldBackBy.map((h: any) => h.hostCount) }], true);
    } catch (e) {
      sec.innerHTML = `<h3>Baseline of ${esc(g.title)}</h3><p class="error">${esc((e as Error).message)}</p>`;
    }
  }
}

// ---------------------------------------------------------------- matrix
async function matrix(): Promise<void> {
  const m = await api('/v1/matrix');
  main.innerHTML = `<h2>Migration matrix</h2><p>Can a class (column) take a host-model guest started on a class (row)? Each cell links to what blocks it.</p>` +
    m.matrices.map((x: any, k: number) => `<section aria-label="${esc(x.arch)} matrix"><h3>${esc(x.arch)}</h3>
      <table class="heat" data-testid="matrix" data-arch="${esc(x.arch)}"><thead><tr><th scope="col">from \\ to</th>${x.classes.map((c: any) => `<th scope="col" title="${esc(c.display)}">${c.index}</th>`).join('')}<th scope="col" class="num">hosts reached</th></tr></thead>
      <tbody>${x.rows.map((r: any) => `<tr><th scope="row" title="${esc(x.classes[r.from].display)}">${r.from}: <code>${esc(x.classes[r.from].display)}</code> (${x.classes[r.from].hostCount})</th>${x.classes.map((c: any) => {
        const yes = r.canTake.includes(c.index);
        return `<td class="${c.index === r.from ? 'self' : yes ? 'yes' : 'no'}" data-from="${r.from}" data-to="${c.index}"><a href="#/blockers/${encodeURIComponent(x.arch)}/${encodeURIComponent(x.classes[r.from].signature)}/${encodeURIComponent(c.signature)}" aria-label="${esc(x.classes[r.from].display)} to ${esc(c.display)}: ${yes ? 'can migrate' : 'blocked'}">${yes ? '✓' : '✗'}</a></td>`;
      }).join('')}<td class="num" data-reached="${r.from}">${r.hostsReached}</td></tr>`).join('')}</tbody></table>
      ${chartBox(`c-reach-${k}`, `hosts reached from each class (${x.arch})`)}</section>`).join('');
  m.matrices.forEach((x: any, k: number) => bar(document.getElementById(`c-reach-${k}`) as HTMLCanvasElement, x.classes.map((c: any) => `${c.index}`), [{ label: 'hosts that can take its host-model guest', data: x.rows.map((r: any) => r.hostsReached) }]));
}

async function firstHostDoc(signature: string): Promise<{ name: string; document: unknown }> {
  const h = await api(`/v1/hosts?class=${signature}&limit=1`);
  return api(`/v1/hosts/${encodeURIComponent(h.hosts[0].name)}`);
}

async function blockers(arch: string, from: string, to: string): Promise<void> {
  const src = await firstHostDoc(from);
  // only the target class: its entry is on the first page whatever the fleet's size
  const p = await api('/v1/placement', { guest: src.document, arch, class: to, hostsPerClass: 0 });
  const mis = p.misfit.find((c: any) => c.signature === to);
  main.innerHTML = `<h2>From class <code>${esc(from)}</code> to <code>${esc(to)}</code></h2>
    <p>A host-model guest started on ${hostLink(src.name)} (class ${esc(from)}):</p>
    ${mis ? `<p data-testid="blocked">blocked by <strong data-testid="blocker-count">${mis.reasons.length}</strong>:</p><ul class="features" data-testid="blockers">${mis.reasons.map((r: string) => `<li>${esc(r)}</li>`).join('')}</ul>` : '<p data-testid="blocked">Nothing blocks it: the target class runs it.</p>'}
    <p><a href="#/matrix">Back to the matrix</a></p>`;
}

// ---------------------------------------------------------------- host
async function host(name: string): Promise<void> {
  const [h, models, labels, events] = await Promise.all([api(`/v1/hosts/${encodeURIComponent(name)}`), api(`/v1/hosts/${encodeURIComponent(name)}/models`), api(`/v1/hosts/${encodeURIComponent(name)}/labels`), api(`/v1/events?host=${encodeURIComponent(name)}`)]);
  const d = h.document;
  const id = d.identity ?? {};
  const runnable = models.models.filter((m: any) => m.usable !== 'no');
  const blocked = models.models.filter((m: any) => m.usable === 'no');
  const m = labels.migratability;
  main.innerHTML = `<h2>Host <span data-testid="host-name">${esc(name)}</span></h2>
    <section aria-labelledby="h-id"><h3 id="h-id">Identity</h3><table data-testid="identity"><tbody>
      <tr><th scope="row">Architecture</th><td>${esc(h.arch)}</td></tr>
      ${Object.entries(id).map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td data-id="${esc(k)}">${esc(v)}</td></tr>`).join('')}
      <tr><th scope="row">Class</th><td><code data-testid="host-class">${esc(h.class)}</code></td></tr>
      <tr><th scope="row">Signature</th><td><code data-testid="host-signature">${esc(h.signature)}</code></td></tr>
      <tr><th scope="row">Labels</th><td>${Object.entries(h.labels).map(([k, v]) => `<code>${esc(k)}=${esc(v)}</code>`).join(' ') || '—'}</td></tr>
    </tbody></table></section>
    <section aria-labelledby="h-mig"><h3 id="h-mig">Migratability</h3>
      <p><code>cpumodels.io/host-model-migratability</code> = <strong data-testid="migratability">${m ? m.percent : '—'}</strong>: ${m ? `${m.reachedHosts} of ${m.fleetHosts} ${esc(h.arch)} hosts can take a host-model guest started here.` : ''}</p>
      ${m?.unreachable.length ? `<p>Classes it cannot reach:</p><ul data-testid="unreachable">${m.unreachable.map((u: any) => `<li><code>${esc(u.class)}</code> (${u.hosts} hosts)</li>`).join('')}</ul>` : '<p>It reaches every class.</p>'}
    </section>
    <section aria-labelledby="h-feat"><h3 id="h-feat">Features (<span data-testid="feature-count">${d.features.length}</span>)</h3><ul class="features">${d.features.map((f: string) => `<li>${esc(f)}</li>`).join('')}</ul></section>
    <section aria-labelledby="h-models"><h3 id="h-models">CPU models: <span data-testid="runnable-count">${runnable.length}</span> runnable, <span data-testid="blocked-count">${blocked.length}</span> not</h3>
      <table data-testid="models"><thead><tr><th scope="col">Model</th><th scope="col">Runs</th><th scope="col">Blockers</th></tr></thead>
      <tbody>${models.models.map((x: any) => `<tr><th scope="row">${esc(x.name)}</th><td>${esc(x.usable)}</td><td><small>${(x.blockers ?? []).map(esc).join(' ')}</small></td></tr>`).join('')}</tbody></table></section>
    <section aria-labelledby="h-hist"><h3 id="h-hist">History of capability changes</h3><ol data-testid="history">${events.events.map((e: any) => `<li><code>${esc(e.at ?? e.time ?? '')}</code> ${esc(e.kind)}${e.gained?.length ? ` gained ${e.gained.map(esc).join(' ')}` : ''}${e.lost?.length ? ` lost ${e.lost.map(esc).join(' ')}` : ''}</li>`).join('')}</ol></section>`;
}

// ---------------------------------------------------------------- guest check
async function guest(): Promise<void> {
  const hosts = await api('/v1/hosts?limit=10000');
  const archCount = new Map<string, number>();
  for (const h of hosts.hosts) archCount.set(h.arch, (archCount.get(h.arch) ?? 0) + 1);
  const arches = [...archCount].sort((a, b) => b[1] - a[1]).map(([a]) => a);
  const opts = hosts.hosts.map((h: any) => `<option value="${esc(h.name)}">${esc(h.name)} (${esc(h.arch)})</option>`).join('');
  main.innerHTML = `<h2>Guest check</h2>
    <form id="guest-form" aria-describedby="guest-help">
      <p id="guest-help">Paste a libvirt domain XML or a <code>&lt;cpu&gt;</code> element (or a QMP model, or <code>Skylake-Server,pku=off</code>).</p>
      <label for="guest-text">Guest CPU</label>
      <textarea id="guest-text" name="guest" rows="8" required></textarea>
      <p><label for="arch">Architecture</label> <select id="arch" name="arch">${arches.map((a) => `<option>${esc(a)}</option>`).join('')}</select></p>
      <p><label for="source">Source host</label> <select id="source" name="source"><option value="">(none)</option>${opts}</select>
         <label for="target">Target host</label> <select id="target" name="target"><option value="">(none)</option>${opts}</select></p>
      <button type="submit">Check</button>
    </form>
    <section aria-live="polite" aria-labelledby="h-place"><h3 id="h-place">Placement</h3><div id="placement" data-testid="placement"></div></section>
    <section aria-live="polite" aria-labelledby="h-verdict"><h3 id="h-verdict">Migration verdict</h3><div id="verdict" data-testid="verdict-box"></div></section>`;
  const form = document.getElementById('guest-form') as HTMLFormElement;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      const g = (document.getElementById('guest-text') as HTMLTextAreaElement).value;
      const source = (document.getElementById('source') as HTMLSelectElement).value;
      const target = (document.getElementById('target') as HTMLSelectElement).value;
      const pl = document.getElementById('placement')!;
      const vd = document.getElementById('verdict')!;
      try {
        const arch = (document.getElementById('arch') as HTMLSelectElement).value;
        // the first page: the service's default number of classes and host names per class
        const p = await api('/v1/placement', { guest: g, ...(arch ? { arch } : {}) });
        pl.innerHTML = `<p><strong data-testid="fit-count">${p.fitCount}</strong> of <span data-testid="fit-total">${p.hostCount}</span> hosts can run <code>${esc(p.guest.display)}</code>.</p>
          <table><thead><tr><th scope="col">Class</th><th scope="col" class="num">Hosts</th><th scope="col">Runs it?</th><th scope="col">Why not</th></tr></thead><tbody>
          ${p.fit.map((c: any) => `<tr><th scope="row"><code>${esc(c.model)}@${esc(c.signature)}</code></th><td class="num">${c.hostCount}</td><td>yes</td><td>${c.hosts.map(hostLink).join(' ')}</td></tr>`).join('')}
          ${p.misfit.map((c: any) => `<tr><th scope="row"><code>${esc(c.model)}@${esc(c.signature)}</code></th><td class="num">${c.hostCount}</td><td>no</td><td><small>${c.reasons.map(esc).join(' ')}</small></td></tr>`).join('')}</tbody></table>
          ${p.page.next ? `<p data-testid="placement-more">The first ${p.fit.length + p.misfit.length + (p.unknown?.length ?? 0)} of ${p.classCount} classes (fitting first, then by host count).</p>` : ''}`;
      } catch (e) {
        pl.innerHTML = `<p class="error" role="alert">${esc((e as Error).message)}</p>`;
      }
      if (!target) {
        vd.innerHTML = '<p>Choose a target host for a migration verdict.</p>';
        return;
      }
      try {
        const v = await api('/v1/migrate-check', { guest: g, target, ...(source ? { source } : {}) });
        vd.innerHTML = `<p>Verdict: <strong data-testid="verdict" class="verdict-${v.verdict === 'refused' ? 'refused' : 'ok'}">${esc(v.verdict)}</strong></p>
          ${v.blockers.length ? `<p>Blockers: <span data-testid="verdict-blockers">${v.blockers.map(esc).join(' ')}</span></p>` : ''}
          <p>The destination <code>&lt;cpu&gt;</code>:</p><pre data-testid="destination-cpu">${esc(v.destinationCpu.libvirt)}</pre>
          ${v.notes.map((n: string) => `<p><small>${esc(n)}</small></p>`).join('')}`;
      } catch (e) {
        vd.innerHTML = `<p class="error" role="alert">${esc((e as Error).message)}</p>`;
      }
    })();
  });
}

// ---------------------------------------------------------------- events
let stream: EventSource | undefined;
async function events(): Promise<void> {
  const list = await api('/v1/events?limit=10000');
  const evs = list.events as any[];
  main.innerHTML = `<h2>Events</h2><p>Live over the server-sent event stream: <span data-testid="stream-state">connecting</span>.</p>
    <ol reversed data-testid="events" aria-live="polite">${evs.slice(-200).reverse().map(row).join('')}</ol>`;
  const ol = main.querySelector('ol')!;
  const state = main.querySelector('[data-testid="stream-state"]')!;
  const tok = localStorage.getItem('cpumodels-token');
  stream = new EventSource(`/v1/events?after=${list.next ?? 0}${tok ? '' : ''}`);
  stream.onopen = () => (state.textContent = 'connected');
  stream.onerror = () => (state.textContent = 'reconnecting');
  for (const kind of ['added', 'removed', 'changed', 'updated']) {
    stream.addEventListener(kind, (m) => {
      ol.insertAdjacentHTML('afterbegin', row(JSON.parse((m as MessageEvent).data)));
    });
  }
  function row(e: any): string {
    return `<li data-event="${e.id}"><code>#${e.id}</code> ${esc(e.kind)} ${hostLink(e.host)}${e.gained?.length ? ` gained ${e.gained.map(esc).join(' ')}` : ''}${e.lost?.length ? ` lost ${e.lost.map(esc).join(' ')}` : ''}</li>`;
  }
}

// ---------------------------------------------------------------- router
async function route(): Promise<void> {
  stream?.close();
  stream = undefined;
  while (charts.length) charts.pop()!.destroy();
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  main.innerHTML = '<p>Loading…</p>';
  document.body.dataset['ready'] = 'no';
  try {
    if (parts[0] === 'matrix') await matrix();
    else if (parts[0] === 'blockers') await blockers(parts[1]!, parts[2]!, parts[3]!);
    else if (parts[0] === 'host') await host(parts[1]!);
    else if (parts[0] === 'guest') await guest();
    else if (parts[0] === 'events') await events();
    else await overview();
  } catch (e) {
    main.innerHTML = `<p class="error" role="alert">${esc((e as Error).message)}</p>`;
  }
  document.title = `${main.querySelector('h2')?.textContent ?? 'cpumodels'} · cpumodels fleet`;
  document.body.dataset['ready'] = 'yes';
}

window.addEventListener('hashchange', () => void route());
void route();
