// The VM state pane: the call stack of one recorded step, and the chosen frame's value
// stack, block stack, locals, cells and frees.
import { escapeHtml } from './editor.js';

const STATE_LABEL = { running: 'next', calling: 'calling', returning: 'returning', yielded: 'yielded' };

function table(rows, className) {
  if (!rows.length) return '<div class="none">empty</div>';
  return `<table class="${className || ''}">${rows.join('')}</table>`;
}

function namesTable(pairs) {
  return table(pairs.map(([name, value]) => `<tr><td class="name">${escapeHtml(name)}</td><td class="value">${escapeHtml(value)}</td></tr>`));
}

export function renderVm(pane, step, chosen, onChoose) {
  if (!step) { pane.innerHTML = '<p class="empty">Record a run, then step through it.</p>'; return; }
  const frames = step.frames;
  if (!frames.length) {
    pane.innerHTML = `<p class="empty">The program has ended${step.status ? ` (exit status ${step.status})` : ''}.</p>`;
    return;
  }
  const top = frames.length - 1;
  const selected = chosen >= 0 && chosen <= top ? chosen : top;
  const rows = [];
  for (let i = top; i >= 0; i--) {
    const f = frames[i];
    const where = f.host ? `${escapeHtml(f.file)}:${f.line}` : `line ${f.line} · offset ${f.offset}`;
    rows.push(`<div class="frame-row${i === selected ? ' selected' : ''}${i === top ? ' top' : ''}${f.host ? ' host' : ''}" data-frame="${i}"><span class="fname">${escapeHtml(f.name)}</span><span class="fwhere">${where}</span><span class="fstate">${f.host ? 'host code' : (STATE_LABEL[f.state] || f.state)}</span></div>`);
  }
  const frame = frames[selected];
  let details = '';
  if (!frame.host) {
    const depth = frame.stack.length;
    const stackRows = frame.stack.map((value, i) => ({ value, i })).reverse()
      .map(({ value, i }) => `<tr class="${i === depth - 1 ? 'tos' : ''}"><td class="slot">${i === depth - 1 ? 'TOS' : i}</td><td class="value">${escapeHtml(value)}</td></tr>`);
    const blockRows = frame.blocks.map((b, i) => `<tr><td class="slot">${i}</td><td class="value">${b.type} handler ${b.handler} level ${b.level}</td></tr>`).reverse();
    details = `<div class="vm-grid" data-frame-detail="${selected}">
      <div class="vm-box" data-box="stack"><h3>value stack (${depth})</h3>${table(stackRows)}</div>
      <div class="vm-box" data-box="blocks"><h3>block stack (${frame.blocks.length})</h3>${table(blockRows)}</div>
      <div class="vm-box wide" data-box="locals"><h3>locals</h3>${namesTable(frame.locals)}</div>
      <div class="vm-box" data-box="cells"><h3>cells</h3>${namesTable(frame.cells)}</div>
      <div class="vm-box" data-box="frees"><h3>frees</h3>${namesTable(frame.frees)}</div>
    </div>`;
  }
  pane.innerHTML = `<div class="frames">${rows.join('')}</div>${details}`;
  pane.onclick = (event) => {
    const row = event.target.closest('.frame-row');
    if (row) onChoose(Number(row.dataset.frame));
  };
}
