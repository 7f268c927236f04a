// Stage panes: tokens, AST tree, symbol table, dis listing. Each renders from /api/stages data
// and reports clicks on an item as a source range; `link` functions mark items for a range.
import { escapeHtml } from './editor.js';

export function pyRepr(text) {
  let out = "'";
  for (const ch of text) {
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch < ' ') out += '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + "'";
}

export function overlaps(a, b) {
  // ranges {l1,c1,l2,c2}; touching counts for empty (caret) ranges
  const before = (l, c, l2, c2) => l < l2 || (l === l2 && c < c2);
  const emptyA = a.l1 === a.l2 && a.c1 === a.c2;
  if (emptyA) return !before(a.l1, a.c1, b.l1, b.c1) && before(a.l1, a.c1, b.l2, b.c2);
  return before(a.l1, a.c1, b.l2, b.c2) && before(b.l1, b.c1, a.l2, a.c2);
}

function contains(outer, inner) {
  const le = (l, c, l2, c2) => l < l2 || (l === l2 && c <= c2);
  return le(outer.l1, outer.c1, inner.l1, inner.c1) && le(inner.l2, inner.c2, outer.l2, outer.c2);
}

function scrollIntoViewIfNeeded(element) {
  if (!element) return;
  const pane = element.closest('.pane');
  if (!pane) return;
  const box = element.getBoundingClientRect();
  const view = pane.getBoundingClientRect();
  if (box.top < view.top + 30 || box.bottom > view.bottom) {
    pane.scrollTop += box.top - view.top - view.height / 3;
  }
}

// ---- long listings ------------------------------------------------------------------------
const CHUNK = 200;
const EAGER_ROWS = 400;     // listings this short are drawn at once (DOM is costly: Firefox)
const pendingRows = new WeakMap();   // chunk element -> its rows' HTML, until drawn
const observers = new WeakMap();     // pane -> the IntersectionObserver drawing its chunks

// Rows in chunks of CHUNK. A chunk off screen costs no layout (content-visibility: auto);
// in long listings its rows are not even built until it comes near the visible part of
// the pane or one of its rows is asked for (rowAt), so a refresh builds what is seen.
// `row(i)` gives the HTML of row i.
function chunked(pane, container, count, row, eager, chunk = CHUNK, rowHeight = 19) {
  const html = [];
  container.dataset.chunk = chunk;
  for (let i = 0; i < count; i += chunk) {
    const size = Math.min(chunk, count - i);
    html.push(`<div class="chunk" style="--rows:${size};--row-h:${rowHeight}px">${eager ? rowsHtml(row, i, i + size) : ''}</div>`);
  }
  container.innerHTML = html.join('');
  if (eager) return;
  let observer = observers.get(pane);
  if (!observer) {
    observer = new IntersectionObserver((entries) => entries.forEach((entry) => {
      if (entry.isIntersecting) draw(entry.target);
    }), { root: pane, rootMargin: '800px 0px' });
    observers.set(pane, observer);
  }
  [...container.children].forEach((element, k) => {
    pendingRows.set(element, [row, k * chunk, Math.min(count, (k + 1) * chunk)]);
    observer.observe(element);
  });
}

function rowsHtml(row, from, to) {
  let html = '';
  for (let i = from; i < to; i++) html += row(i);
  return html;
}

function draw(chunk) {
  const pending = pendingRows.get(chunk);
  if (pending) { chunk.innerHTML = rowsHtml(...pending); pendingRows.delete(chunk); }
}

function rowAt(container, index) {
  const size = container ? Number(container.dataset.chunk) || CHUNK : CHUNK;
  const chunk = container && container.children[Math.floor(index / size)];
  if (!chunk) return null;
  draw(chunk);
  return chunk.children[index % size] || null;
}

// ---- tokens -------------------------------------------------------------------------------
export function renderTokens(pane, tokens, onPick) {
  const row = (i) => { const t = tokens[i]; return `<div class="row" data-i="${i}"><span class="pos">${t[3][0]},${t[3][1]}-${t[4][0]},${t[4][1]}:</span><span class="tok-type">${t[0]}</span><span class="tok-exact">${t[1] !== t[0] ? t[1] : ''}</span><span class="tok-string">${escapeHtml(pyRepr(t[2]))}</span></div>`; };
  pane.innerHTML = '<div class="rows tokens"><div class="row head"><span>position</span><span>type</span><span>exact type</span><span>string</span></div><div class="chunks"></div></div>';
  chunked(pane, pane.querySelector('.chunks'), tokens.length, row, tokens.length <= EAGER_ROWS);
  pane.onclick = (event) => {
    const row = event.target.closest('.row[data-i]');
    if (!row) return;
    const t = tokens[Number(row.dataset.i)];
    select(pane, row);
    onPick({ l1: t[3][0], c1: t[3][1], l2: t[4][0], c2: t[4][1] }, 'token');
  };
}

export function linkTokens(pane, tokens, range) {
  let first = null;
  pane.querySelectorAll('.row.linked').forEach((row) => row.classList.remove('linked'));
  if (!range) return;
  const container = pane.querySelector('.chunks');
  tokens.forEach((t, i) => {
    if (t[0] === 'ENCODING' || t[0] === 'ENDMARKER') return;
    const r = { l1: t[3][0], c1: t[3][1], l2: t[4][0], c2: t[4][1] };
    if (overlaps(range, r)) {
      const row = rowAt(container, i);
      if (row) { row.classList.add('linked'); first = first || row; }
    }
  });
  scrollIntoViewIfNeeded(first);
}

function select(pane, element) {
  pane.querySelectorAll('.selected').forEach((e) => e.classList.remove('selected'));
  if (element) element.classList.add('selected');
}

const AST_BUDGET = 500;

// ---- AST ----------------------------------------------------------------------------------
export class AstTree {
  constructor(pane, onPick) {
    this.pane = pane;
    this.onPick = onPick;
    pane.addEventListener('click', (event) => this.click(event));
  }

  render(nodes) {
    this.nodes = nodes;
    this.parent = new Int32Array(nodes.length).fill(-1);
    nodes.forEach((node, i) => {
      for (const [, kind, value] of node.fields) {
        if (kind === 'node') this.parent[value] = i;
        else if (kind === 'list') for (const item of value) if (typeof item === 'number') this.parent[item] = i;
      }
    });
    // The first levels are built as one piece of HTML (deeper ones when expanded): as many
    // levels (up to 6) as keep the items shown under AST_BUDGET.
    let depthLimit = 0;
    for (let level = [0], shown = 1; depthLimit < 6; depthLimit++) {
      const next = level.flatMap((index) => this.childIndices(index));
      shown += next.length;
      if (!next.length || shown > AST_BUDGET) break;
      level = next;
    }
    depthLimit = Math.max(1, depthLimit);   // the module's statements, at least
    const html = [];
    const pending = [[0, null, 0]];   // [node index, field label, depth], or a closing tag
    while (pending.length) {
      const top = pending.pop();
      if (typeof top === 'string') { html.push(top); continue; }
      const [index, label, depth] = top;
      const open = depth < depthLimit;
      html.push(this.itemHtml(index, label, open));
      pending.push('</li>');
      if (open) {
        const children = this.childEntries(index);
        pending.push('</ul>');
        for (let k = children.length - 1; k >= 0; k--) {
          const [child, childLabel] = children[k];
          if (typeof child === 'number') pending.push([child, childLabel, depth + 1]);
          else pending.push(this.leafHtml(childLabel, child) + '</li>');
        }
        pending.push('<ul>');
      }
    }
    this.pane.innerHTML = `<div class="tree"><ul>${html.join('')}</ul></div>`;
    this.elements = new Map();
    this.pane.querySelectorAll('li[data-node]').forEach((li) => this.elements.set(Number(li.dataset.node), li));
  }

  childIndices(index) {
    const out = [];
    for (const [, kind, value] of this.nodes[index].fields) {
      if (kind === 'node') out.push(value);
      else if (kind === 'list') for (const item of value) if (typeof item === 'number') out.push(item);
    }
    return out;
  }

  // [child node index or ['value', repr], label] for each field item shown under a node
  childEntries(index) {
    const out = [];
    for (const [name, kind, value] of this.nodes[index].fields) {
      if (kind === 'node') out.push([value, name]);
      else if (kind === 'list') value.forEach((item, position) => out.push([item, `${name}[${position}]`]));
    }
    return out;
  }

  leafHtml(label, item) {
    return `<li><span class="twisty"></span><span class="field-name">${label}</span>: <span class="scalar">${escapeHtml(item[1])}</span>`;
  }

  // An item's opening tag and head; `open`: its children follow (drawn and expanded).
  itemHtml(index, fieldLabel, open) {
    const node = this.nodes[index];
    const scalars = node.fields.filter((f) => f[1] === 'value').map((f) => `<span class="field-name">${f[0]}</span>=<span class="scalar">${escapeHtml(f[2])}</span>`);
    const hasChildren = node.fields.some((f) => f[1] !== 'value' && !(f[1] === 'list' && f[2].length === 0));
    const pos = node.pos ? ` <span class="pos">${node.pos[0]}:${node.pos[1]}–${node.pos[2]}:${node.pos[3]}</span>` : '';
    return `<li data-node="${index}"${open ? ' data-rendered="1"' : ' class="collapsed"'}><span class="twisty">${hasChildren ? (open ? '▾' : '▸') : ''}</span><span class="node-head" data-node="${index}">${fieldLabel ? `<span class="field-name">${fieldLabel}</span>: ` : ''}<span class="node-type">${node.type}</span>${scalars.length ? '(' + scalars.join(', ') + ')' : ''}${pos}</span>`;
  }

  expand(index) {
    const li = this.elements.get(index);
    if (!li) return;
    li.classList.remove('collapsed');
    const twisty = li.querySelector('.twisty');
    if (twisty.textContent) twisty.textContent = '▾';
    if (li.dataset.rendered) return;
    li.dataset.rendered = '1';
    const html = this.childEntries(index).map(([child, label]) => (typeof child === 'number' ? this.itemHtml(child, label, false) : this.leafHtml(label, child)) + '</li>');
    li.insertAdjacentHTML('beforeend', `<ul>${html.join('')}</ul>`);
    li.lastElementChild.querySelectorAll(':scope > li[data-node]').forEach((item) => this.elements.set(Number(item.dataset.node), item));
  }

  reveal(index) {
    const chain = [];
    for (let i = this.parent[index]; i >= 0; i = this.parent[i]) chain.push(i);
    for (const i of chain.reverse()) this.expand(i);
    return this.elements.get(index);
  }

  click(event) {
    const twisty = event.target.closest('.twisty');
    if (twisty) {
      const li = twisty.parentElement;
      const index = Number(li.dataset.node);
      if (li.classList.contains('collapsed')) this.expand(index);
      else { li.classList.add('collapsed'); twisty.textContent = '▸'; }
      return;
    }
    const head = event.target.closest('.node-head');
    if (!head) return;
    const index = Number(head.dataset.node);
    this.pane.querySelectorAll('.node-head.selected').forEach((e) => e.classList.remove('selected'));
    head.classList.add('selected');
    const pos = this.nodes[index].pos;
    if (pos) this.onPick({ l1: pos[0], c1: pos[1], l2: pos[2], c2: pos[3] }, 'ast');
  }

  // Nodes inside a selection (or the innermost one around a caret) are marked; the first shown.
  link(range) {
    this.pane.querySelectorAll('.node-head.linked').forEach((e) => e.classList.remove('linked'));
    if (!range || !this.nodes) return;
    const positioned = (i) => this.nodes[i].pos && { l1: this.nodes[i].pos[0], c1: this.nodes[i].pos[1], l2: this.nodes[i].pos[2], c2: this.nodes[i].pos[3] };
    let found = [];
    if (range.empty) {
      let best = -1, bestSize = Infinity;
      this.nodes.forEach((node, i) => {
        const r = positioned(i);
        if (r && overlaps(range, r)) {
          const size = (r.l2 - r.l1) * 10000 + (r.c2 - r.c1);
          if (size <= bestSize) { best = i; bestSize = size; }
        }
      });
      if (best >= 0) found = [best];
    } else {
      this.nodes.forEach((node, i) => { const r = positioned(i); if (r && contains(range, r)) found.push(i); });
      // only the outermost ones: a node whose parent is also found is implied
      const set = new Set(found);
      found = found.filter((i) => !set.has(this.parent[i]));
    }
    let first = null;
    found.slice(0, 200).forEach((i) => {
      const li = this.reveal(i);
      const head = li && li.querySelector('.node-head');
      if (head) { head.classList.add('linked'); first = first || head; }
    });
    scrollIntoViewIfNeeded(first);
  }
}

// ---- symbol table -------------------------------------------------------------------------
const EAGER_SCOPES = 60;   // more scopes than this in the module: their cards drawn when seen

export function renderSymtable(pane, top, onPick) {
  const card = (scope, nested) => {
    const rows = scope.symbols.map((s) => `<tr><td>${escapeHtml(s.name)}</td><td><span class="pill ${s.scope}">${s.scope}</span></td><td>${s.properties.map((p) => `<span class="pill">${p}</span>`).join('')}</td></tr>`).join('');
    const children = nested ? scope.children.map((child) => card(child, true)).join('') : '';
    return `<div class="scope"><div class="scope-head" data-line="${scope.lineno}"><span class="kind ${scope.type}">${scope.type}</span> <span class="scope-name">${escapeHtml(scope.name)}</span> <span class="flags">line ${scope.lineno}${scope.flags.length ? ' · ' + scope.flags.join(' · ') : ''}${scope.varnames.length ? ' · params ' + escapeHtml(scope.varnames.join(', ')) : ''}</span></div>${rows ? `<table class="grid"><thead><tr><th>name</th><th>scope</th><th>properties</th></tr></thead><tbody>${rows}</tbody></table>` : ''}${children ? `<div class="children">${children}</div>` : ''}</div>`;
  };
  // The module's card, then its child scopes' cards (each with its own nested ones) in
  // chunks: in a long module they are built when they come into view.
  const children = top.children;
  const head = card({ ...top, children: [] }, false);
  pane.innerHTML = `<div class="scopes">${head.slice(0, -'</div>'.length)}<div class="children"></div></div></div>`;
  chunked(pane, pane.querySelector('.scopes > .scope > .children'), children.length,
    (i) => card(children[i], true), children.length <= EAGER_SCOPES, 20, 160);
  pane.onclick = (event) => {
    const head = event.target.closest('.scope-head');
    if (head && Number(head.dataset.line) > 0) onPick(null, 'scope', Number(head.dataset.line));
  };
}

// ---- dis ----------------------------------------------------------------------------------
// A code object's constants, names, line starts...: drawn when its <details> is opened.
function factsHtml(code) {
  const facts = [
    ['co_consts', code.consts.map((c, i) => `${i}: ${c}`).join('\n')],
    ['co_names', code.names.join(', ')], ['co_varnames', code.varnames.join(', ')],
    ['co_cellvars', code.cellvars.join(', ')], ['co_freevars', code.freevars.join(', ')],
    ['line starts', code.linestarts.map(([o, l]) => `${o}→${l}`).join('  ')],
    ['co_lnotab', code.lnotab], ['co_stacksize', code.stacksize],
    ['co_flags', '0x' + code.flags.toString(16)],
    ['arguments', `${code.argcount} (${code.posonlyargcount} positional-only, ${code.kwonlyargcount} keyword-only), ${code.nlocals} locals`]];
  return facts.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(String(v)) || '—'}</dd>`).join('');
}

export function renderDis(pane, codes, onPick) {
  const eager = codes.reduce((n, code) => n + code.instrs.length, 0) <= EAGER_ROWS;
  const listings = [];
  const html = codes.map((code) => {
    const title = code.index === 0 ? 'module' : `Disassembly of ${escapeHtml(code.repr)}`;
    const instrs = code.instrs;
    listings.push((i) => { const instr = instrs[i]; return `<div class="row${instr.starts_line != null && instr.offset ? ' line-start' : ''}" data-code="${code.index}" data-offset="${instr.offset}" data-line="${instr.line}"><span class="line">${instr.starts_line ?? ''}</span><span class="target">${instr.jump_target ? '&gt;&gt;' : ''}</span><span class="offset">${instr.offset}</span><span class="op">${instr.opname}</span><span class="arg">${instr.arg ?? ''}</span><span class="argrepr">${instr.argrepr ? '(' + escapeHtml(instr.argrepr) + ')' : ''}</span></div>`; });
    return `<div class="code-block" data-code="${code.index}" style="contain-intrinsic-size: auto ${code.instrs.length * 20 + 60}px"><div class="code-head">${title}<span class="meta">line ${code.firstlineno} · stack ${code.stacksize}</span></div><details class="code-facts"><summary>constants, names, lnotab line starts</summary><dl class="facts"></dl></details><div class="rows dis"></div></div>`;
  }).join('');
  pane.innerHTML = html;
  pane.querySelectorAll('.rows.dis').forEach((container, k) => chunked(pane, container, codes[k].instrs.length, listings[k], eager));
  pane.disCodes = codes;
  if (!pane.dataset.factsListener) {   // 'toggle' does not bubble: listen while capturing
    pane.dataset.factsListener = '1';
    pane.addEventListener('toggle', (event) => {
      const details = event.target;
      const facts = details.matches && details.matches('details.code-facts') && details.querySelector('dl.facts');
      if (facts && details.open && !facts.firstChild) facts.innerHTML = factsHtml(pane.disCodes[Number(details.closest('.code-block').dataset.code)]);
    }, true);
  }
  pane.onclick = (event) => {
    const row = event.target.closest('.row[data-offset]');
    if (!row) return;
    select(pane, row);
    onPick(null, 'instruction', Number(row.dataset.line));
  };
}

// Instructions whose line is in [range.l1, range.l2] are marked (drawing their chunks).
export function linkInstructions(pane, range) {
  pane.querySelectorAll('.row.linked').forEach((e) => e.classList.remove('linked'));
  if (!range || !pane.disCodes) return;
  const containers = pane.querySelectorAll('.rows.dis');
  let first = null;
  pane.disCodes.forEach((code, k) => code.instrs.forEach((instr, i) => {
    if (instr.line >= range.l1 && instr.line <= range.l2) {
      const row = rowAt(containers[k], i);
      if (row) { row.classList.add('linked'); first = first || row; }
    }
  }));
  scrollIntoViewIfNeeded(first);
}

export function markCurrentInstruction(pane, code, offset) {
  pane.querySelectorAll('.row.current').forEach((e) => e.classList.remove('current'));
  if (code === null || code < 0 || !pane.disCodes || !pane.disCodes[code]) return null;
  const index = pane.disCodes[code].instrs.findIndex((instr) => instr.offset === offset);
  const row = index < 0 ? null : rowAt(pane.querySelectorAll('.rows.dis')[code], index);
  if (row) { row.classList.add('current'); scrollIntoViewIfNeeded(row); }
  return row;
}
