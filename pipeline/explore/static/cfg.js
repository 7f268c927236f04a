// The control-flow graph of one code object, drawn as SVG: basic blocks (with their
// instructions and stack depth at entry) in emission order, fall-through edges straight
// down, jump edges routed in lanes on the right, exception-handler edges on the left.
import { escapeHtml } from './editor.js';

const CHAR = 6.95;       // width of one character of the 11.5px monospace font
const ROW = 16;
const HEAD = 22;
const GAP = 28;
const LANE = 11;
const MAX_CHARS = 64;
const SVG_NS = 'http://www.w3.org/2000/svg';

function instrText(instr) {
  let text = instr.op;
  if (instr.target !== undefined) text += ` → block ${instr.target}`;
  else if (instr.arg !== undefined) text += ` ${instr.arg}`;
  return text;
}

// Lanes for vertical edge segments that must not overlap: greedy by span, shortest first.
function assignLanes(edges) {
  const lanes = [];
  [...edges].sort((a, b) => (a.y2 - a.y1) - (b.y2 - b.y1)).forEach((edge) => {
    let lane = 0;
    while ((lanes[lane] || []).some(([lo, hi]) => !(edge.y2 < lo - 4 || edge.y1 > hi + 4))) lane++;
    (lanes[lane] = lanes[lane] || []).push([edge.y1, edge.y2]);
    edge.lane = lane;
  });
  return lanes.length;
}

export class CfgView {
  constructor(pane, onPick) {
    this.pane = pane;
    this.onPick = onPick;
    this.units = [];
    this.chosen = 0;
    pane.addEventListener('change', (event) => {
      if (event.target.matches('select')) { this.chosen = Number(event.target.value); this.draw(); }
    });
    pane.addEventListener('click', (event) => {
      const row = event.target.closest('g.instr');
      if (!row) return;
      pane.querySelectorAll('g.instr.selected').forEach((e) => e.classList.remove('selected'));
      row.classList.add('selected');
      if (Number(row.dataset.line)) this.onPick(null, 'instruction', Number(row.dataset.line));
    });
  }

  render(units, codes) {
    // list the units in the order dis shows their code objects
    const order = new Map(codes.map((c) => [c.name + ':' + c.firstlineno, c.index]));
    this.units = units.map((unit) => ({ unit, rank: order.get(unit.name + ':' + unit.firstlineno) ?? 1e9 }))
      .sort((a, b) => a.rank - b.rank).map((entry) => entry.unit);
    const previous = this.units[this.chosen] ? this.chosen : 0;
    this.chosen = previous;
    this.stale = true;
    if (this.pane.classList.contains('active')) this.draw();   // hidden: drawn when shown
  }

  // The CFG tab was shown: draw what changed while it was hidden.
  shown() {
    if (this.stale) this.draw();
  }

  showCode(name, firstlineno) {
    const index = this.units.findIndex((u) => u.name === name && u.firstlineno === firstlineno);
    if (index >= 0 && index !== this.chosen) { this.chosen = index; this.stale = true; this.shown(); }
  }

  draw() {
    this.stale = false;
    const unit = this.units[this.chosen];
    const options = this.units.map((u, i) => `<option value="${i}"${i === this.chosen ? ' selected' : ''}>${escapeHtml(u.qualname)} (line ${u.firstlineno})</option>`).join('');
    this.pane.innerHTML = `<div class="cfg-bar">code object <select>${options}</select>${unit ? `<span>${unit.blocks.length} blocks · stack size ${unit.stacksize}</span>` : ''}<span class="legend"><span class="fall"><i></i>falls through</span><span class="jump"><i></i>jump</span><span class="handler"><i></i>handler</span></span></div>`;
    if (unit) this.pane.appendChild(this.svg(unit));
    if (this.range) this.link(this.range);
  }

  svg(unit) {
    // lines: an instruction without its own line number has the one before it
    let line = unit.firstlineno;
    const blocks = unit.blocks.map((block) => ({
      ...block,
      rows: block.instrs.map((instr) => { if (instr.line) line = instr.line; return { ...instr, shownLine: instr.line, line }; }),
    }));
    const widest = Math.max(24, ...blocks.flatMap((b) => b.rows.map((r) => Math.min(MAX_CHARS, 6 + instrText(r).length + (r.argrepr ? r.argrepr.length + 3 : 0)))));
    const width = Math.ceil(widest * CHAR) + 20;
    let y = 10;
    const at = new Map();
    for (const block of blocks) {
      block.y = y;
      block.height = HEAD + Math.max(1, block.rows.length) * ROW + 6;
      at.set(block.index, block);
      y += block.height + GAP;
    }
    const edges = [];
    blocks.forEach((block, position) => {
      for (const edge of block.edges) {
        const target = at.get(edge.to);
        if (!target) continue;
        const rowIndex = edge.kind === 'fall' ? -1 : block.rows.findIndex((r) => r.target === edge.to);
        const fromY = edge.kind === 'fall' ? block.y + block.height - 6 : block.y + HEAD + rowIndex * ROW + ROW / 2 + 2;
        const toY = target.y + HEAD / 2;
        const adjacent = edge.kind === 'fall' && blocks[position + 1] === target;
        edges.push({ kind: edge.kind, adjacent, block, target, fromY, toY, y1: Math.min(fromY, toY), y2: Math.max(fromY, toY), side: edge.kind === 'handler' ? 'left' : 'right' });
      }
    });
    const leftLanes = assignLanes(edges.filter((e) => e.side === 'left' && !e.adjacent));
    const rightLanes = assignLanes(edges.filter((e) => e.side === 'right' && !e.adjacent));
    const x0 = 14 + leftLanes * LANE;
    const totalWidth = x0 + width + 18 + rightLanes * LANE;
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'cfg');
    svg.setAttribute('width', totalWidth);
    svg.setAttribute('height', y);
    svg.setAttribute('viewBox', `0 0 ${totalWidth} ${y}`);
    const parts = ['<defs>'];
    for (const kind of ['fall', 'jump', 'handler']) {
      parts.push(`<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" style="fill: var(--${kind})"/></marker>`);
    }
    parts.push('</defs>');
    for (const block of blocks) {
      const unreachable = block.depth === null;
      parts.push(`<g class="block${unreachable ? ' unreachable' : ''}" data-block="${block.index}">`);
      parts.push(`<rect class="box" x="${x0}" y="${block.y}" width="${width}" height="${block.height}" rx="5"/>`);
      parts.push(`<rect class="head" x="${x0 + 0.5}" y="${block.y + 0.5}" width="${width - 1}" height="${HEAD - 4}" rx="4"/>`);
      parts.push(`<text class="title" x="${x0 + 8}" y="${block.y + 13}">block ${block.index} · offset ${block.offset}</text>`);
      parts.push(`<text class="depth" x="${x0 + width - 8}" y="${block.y + 13}" text-anchor="end">${unreachable ? 'unreachable' : 'depth ' + block.depth}</text>`);
      block.rows.forEach((row, i) => {
        const ry = block.y + HEAD + i * ROW;
        let text = instrText(row);
        let repr = row.argrepr !== undefined ? ` (${row.argrepr})` : '';
        const room = MAX_CHARS - 6 - text.length;
        if (repr.length > room) repr = repr.slice(0, Math.max(0, room - 1)) + '…';
        parts.push(`<g class="instr" data-line="${row.line}"><rect x="${x0 + 1}" y="${ry}" width="${width - 2}" height="${ROW}"/><text x="${x0 + 8}" y="${ry + 12}" xml:space="preserve"><tspan class="lineno">${String(row.shownLine || '').padStart(4, ' ')}</tspan>  ${escapeHtml(text)}<tspan class="argrepr">${escapeHtml(repr)}</tspan></text></g>`);
      });
      parts.push('</g>');
    }
    for (const edge of edges) {
      const { block, target } = edge;
      let d;
      if (edge.adjacent) {
        const x = x0 + width / 2;
        d = `M${x},${block.y + block.height} L${x},${target.y}`;
      } else if (edge.side === 'right') {
        const lx = x0 + width + 12 + edge.lane * LANE;
        const sx = x0 + width;
        d = `M${sx},${edge.fromY} L${lx - 4},${edge.fromY} Q${lx},${edge.fromY} ${lx},${edge.fromY + Math.sign(edge.toY - edge.fromY) * 4} L${lx},${edge.toY - Math.sign(edge.toY - edge.fromY) * 4} Q${lx},${edge.toY} ${lx - 4},${edge.toY} L${sx + 1},${edge.toY}`;
      } else {
        const lx = x0 - 10 - edge.lane * LANE;
        d = `M${x0},${edge.fromY} L${lx + 4},${edge.fromY} Q${lx},${edge.fromY} ${lx},${edge.fromY + Math.sign(edge.toY - edge.fromY) * 4} L${lx},${edge.toY - Math.sign(edge.toY - edge.fromY) * 4} Q${lx},${edge.toY} ${lx + 4},${edge.toY} L${x0 - 1},${edge.toY}`;
      }
      parts.push(`<path class="edge ${edge.kind}" d="${d}" marker-end="url(#arrow-${edge.kind})"><title>${edge.kind === 'fall' ? 'falls through' : edge.kind} to block ${target.index}</title></path>`);
    }
    svg.innerHTML = parts.join('');
    return svg;
  }

  link(range) {
    this.range = range;
    this.pane.querySelectorAll('g.instr.linked').forEach((e) => e.classList.remove('linked'));
    if (!range) return;
    this.pane.querySelectorAll('g.instr').forEach((g) => {
      const line = Number(g.dataset.line);
      if (line >= range.l1 && line <= range.l2) g.classList.add('linked');
    });
  }
}
