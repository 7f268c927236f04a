// The explorer page: wires the editor, the stage panes, the oracle marks and the stepper to
// the server's JSON endpoints (/api/stages, /api/oracle, /api/run, /api/step).
import { Editor, escapeHtml } from './editor.js';
import { AstTree, linkInstructions, linkTokens, markCurrentInstruction, renderDis, renderSymtable, renderTokens } from './panes.js';
import { CfgView } from './cfg.js';
import { renderVm } from './vmstate.js';
import { readShared, writeShared } from './share.js';

const $ = (id) => document.getElementById(id);
const STAGE_DELAY = 250;
const ORACLE_DELAY = 600;

const state = {
  stages: null, stagesSeq: 0, oracleSeq: 0, range: null,
  session: null, step: null, frame: -1, breakpoints: new Set(), sessionSource: null,
};

async function post(path, body, signal) {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function debounce(fn, delay) {
  let timer = null;
  const scheduled = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), delay); };
  scheduled.cancel = () => clearTimeout(timer);
  return scheduled;
}

function setStatus(text, bad) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('bad', !!bad);
}

// ---- linked selection -----------------------------------------------------------------------
const panes = {};

function pick(range, kind, line) {
  // an item of a pane was clicked: show its source range (instructions and scopes: their line)
  const shown = range || (line ? editor.lineRange(line) : null);
  if (!shown) return;
  editor.setMarks([...errorMarks(), { kind: 'linked', ...shown }]);
  editor.scrollToLine(shown.l1);
  document.body.dataset.highlight = `${shown.l1}:${shown.c1}-${shown.l2}:${shown.c2}`;
}

function sourceSelected(range) {
  state.range = range;
  if (!state.stages) return;
  const lines = { l1: range.l1, l2: range.empty ? range.l1 : (range.c2 === 0 && range.l2 > range.l1 ? range.l2 - 1 : range.l2) };
  linkTokens(panes.tokens, state.stages.tokens || [], range);
  panes.ast.link(range);
  linkInstructions(panes.dis, lines);
  panes.cfg.link(lines);
  editor.setMarks(errorMarks());
  document.body.dataset.highlight = '';
}

// ---- stages -------------------------------------------------------------------------------
function errorMarks() {
  const error = state.stages && state.stages.error;
  if (!error || !error.lineno) return [];
  const col = Math.max(0, (error.offset || 1) - 1);
  return [{ kind: 'error-at', l1: error.lineno, c1: col, l2: error.lineno, c2: col + 1 }];
}

function showError(error) {
  const box = $('error');
  if (!error) { box.hidden = true; box.textContent = ''; delete box.dataset.line; delete box.dataset.offset; editor.setLineClass('error-line', []); return; }
  box.hidden = false;
  box.dataset.line = error.lineno ?? '';
  box.dataset.offset = error.offset ?? '';
  box.dataset.type = error.type;
  box.innerHTML = `<div class="where">${escapeHtml(error.type)} at line ${error.lineno ?? '?'}, column ${error.offset ?? '?'} (as CPython 3.8 reports it)</div>${escapeHtml(error.text)}`;
  editor.setLineClass('error-line', error.lineno ? [error.lineno] : []);
}

function renderStages(data) {
  const started = performance.now();
  const parts = {};
  let mark = started;
  const lap = (name) => { const now = performance.now(); parts[name] = Math.round(now - mark); mark = now; };
  state.stages = data;
  showError(data.error);
  editor.setMarks(errorMarks());
  lap('editor');
  renderTokens(panes.tokens, data.tokens || [], pick);
  lap('tokens');
  const empty = (what) => `<p class="empty">No ${what}: ${data.error ? escapeHtml(data.error.type + ': ' + data.error.msg) : 'nothing to show'}.</p>`;
  if (data.ast) panes.ast.render(data.ast); else panes.astPane.innerHTML = empty('syntax tree');
  lap('ast');
  if (data.symtable) renderSymtable(panes.symtable, data.symtable, pick); else panes.symtable.innerHTML = empty('symbol table');
  lap('symtable');
  if (data.dis) { renderDis(panes.dis, data.dis, pick); lap('dis'); panes.cfg.render(data.cfg, data.dis); lap('cfg'); }
  else { panes.dis.innerHTML = empty('code objects'); panes.cfgPane.innerHTML = empty('control-flow graph'); }
  const total = Object.values(data.timings).reduce((a, b) => a + b, 0);
  setStatus(data.error ? `${data.error.type}: ${data.error.msg} (line ${data.error.lineno})` : `${(data.tokens || []).length} tokens · ${(data.ast || []).length} AST nodes · ${(data.dis || []).length} code objects · ${total.toFixed(0)} ms`, !!data.error);
  if (state.range) sourceSelected(state.range);
  markStep();
  lap('links');
  // for bench/explore.py: the time spent drawing, per pane
  document.body.dataset.renderStart = started.toFixed(1);
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
  document.body.dataset.renderParts = JSON.stringify(parts);
  // and until the browser has laid out and painted the result (the task after the next frame)
  requestAnimationFrame(() => setTimeout(() => {
    document.body.dataset.frameMs = (performance.now() - started).toFixed(1);
    document.body.dataset.painted = document.body.dataset.stages;
  }, 0));
  document.body.dataset.stages = String(state.stagesSeq);
}

// The oracle's comparison (a CPython 3.8 process on the server) waits until the panes are
// drawn and the text has rested; an edit cancels it, so it never delays the panes.
function stopOracle() {
  scheduleOracle.cancel();
  if (state.oracleAbort) { state.oracleAbort.abort(); state.oracleAbort = null; }
}

async function refreshStages() {
  const seq = ++state.stagesSeq;
  stopOracle();
  const source = editor.text;
  const filename = $('filename').value;
  writeShared(source, filename);
  try {
    const asked = performance.now();
    const data = await post('/api/stages', { source, filename });
    // for bench/explore.py: the request (server work, transfer, JSON parse), then drawing
    document.body.dataset.fetchMs = (performance.now() - asked).toFixed(1);
    if (seq === state.stagesSeq) renderStages(data);
  } catch (error) {
    if (seq === state.stagesSeq) setStatus('stages failed: ' + error.message, true);
  }
  if (seq === state.stagesSeq) scheduleOracle();
}

const debouncedStages = debounce(refreshStages, STAGE_DELAY);
const scheduleStages = () => { stopOracle(); debouncedStages(); };

async function refreshOracle() {
  const seq = ++state.oracleSeq;
  const badge = $('oracle');
  badge.className = 'oracle';
  badge.textContent = '3.8 oracle: comparing…';
  let data;
  const abort = new AbortController();
  state.oracleAbort = abort;
  try {
    data = await post('/api/oracle', { source: editor.text, filename: $('filename').value }, abort.signal);
  } catch (error) {
    data = { available: false, reason: error.message };
  }
  if (seq !== state.oracleSeq || abort.signal.aborted || data.superseded) return;
  state.oracleAbort = null;
  document.querySelectorAll('.mark[data-stage]').forEach((mark) => { mark.className = 'mark'; mark.textContent = ''; mark.title = ''; });
  if (!data.available) { badge.textContent = '3.8 oracle: ' + (data.reason || 'not available'); badge.title = data.reason || ''; return; }
  const differing = [];
  for (const [stage, result] of Object.entries(data.stages)) {
    if (!result.equal) differing.push(stage);
    document.querySelectorAll(`.mark[data-stage="${stage}"]`).forEach((mark) => {
      mark.className = 'mark ' + (result.equal ? 'same' : 'differs');
      mark.textContent = result.equal ? '= 3.8' : '≠ 3.8';
      mark.title = result.equal ? 'identical to CPython 3.8' : result.difference;
    });
  }
  badge.className = 'oracle ' + (differing.length ? 'differs' : 'same');
  badge.textContent = differing.length ? `3.8 differs: ${differing.join(', ')}` : '= CPython 3.8 (tokens, AST, code, dis, errors)';
  badge.title = differing.map((stage) => `${stage}: ${data.stages[stage].difference}`).join('\n') || data.python;
  badge.dataset.result = differing.length ? 'differs' : 'same';
}

const scheduleOracle = debounce(refreshOracle, ORACLE_DELAY);

// ---- stepper ------------------------------------------------------------------------------
function stepperEnabled(on) {
  document.querySelectorAll('.controls button').forEach((b) => { b.disabled = !on; });
  $('scrubber').disabled = !on;
}

async function record() {
  const button = $('run');
  button.disabled = true;
  $('step-status').textContent = 'recording the run…';
  try {
    const data = await post('/api/run', {
      source: editor.text, filename: $('filename').value,
      max_instructions: Number($('max-instructions').value), max_seconds: Number($('max-seconds').value),
    });
    state.session = data;
    state.sessionSource = editor.text;
    $('scrubber').max = String(data.total - 1);
    stepperEnabled(true);
    showStep(data.step);
  } catch (error) {
    $('step-status').textContent = 'the run could not be recorded: ' + error.message;
  } finally {
    button.disabled = false;
  }
}

// Steps run one after another, each from the step the one before it reached: a click made
// while an earlier step's request is in flight is queued, not sent from the same index.
let stepping = Promise.resolve();

function step(action, index) {
  stepping = stepping.then(() => stepNow(action, index)).catch((error) => {
    $('step-status').textContent = 'the step could not be taken: ' + error.message;
  });
  return stepping;
}

async function stepNow(action, index) {
  if (!state.session || !state.step) return;
  const started = performance.now();
  const view = await post('/api/step', {
    session: state.session.session, index: index ?? state.step.index, action,
    breakpoints: [...state.breakpoints],
  });
  showStep(view);
  document.body.dataset.stepMs = (performance.now() - started).toFixed(1);   // request and redraw
}

function showStep(view) {
  state.step = view;
  state.frame = view.frames.length - 1;
  $('scrubber').value = String(view.index);
  const session = state.session;
  let text = `step ${view.index} of ${view.total - 1}`;
  const top = view.frames[view.frames.length - 1];
  if (top && !top.host) text += ` · ${top.name} line ${top.line}, offset ${top.offset}`;
  let extra = '';
  if (view.limit) extra = ` · <span class="limit">stopped: the ${escapeHtml(view.limit)} limit was reached</span>`;
  else if (view.finished) extra = ` · <span class="done">program ended, exit status ${view.status}</span>`;
  else if (session.limit) extra = ` · recorded until the ${escapeHtml(session.limit)} limit`;
  $('step-status').innerHTML = escapeHtml(text) + extra;
  $('step-status').dataset.index = view.index;
  const output = $('output');
  output.innerHTML = escapeHtml(view.stdout) + (view.stderr ? `<span class="stderr">${escapeHtml(view.stderr)}</span>` : '');
  output.scrollTop = output.scrollHeight;
  markStep();
}

function markStep() {
  const view = state.step;
  const stale = view && state.sessionSource !== editor.text;
  $('stepper').classList.toggle('stale', !!stale);
  if (!view || stale) {
    editor.setLineClass('current', []);
    markCurrentInstruction(panes.dis, null);
    renderVm(panes.vm, stale ? null : view, -1, () => {});
    if (stale) $('step-status').textContent = 'the source changed: record the run again';
    return;
  }
  const frame = view.frames[state.frame];
  renderVm(panes.vm, view, state.frame, (index) => { state.frame = index; markStep(); });
  if (frame && !frame.host && frame.code >= 0) {
    editor.setLineClass('current', [frame.line]);
    editor.scrollToLine(frame.line);
    markCurrentInstruction(panes.dis, frame.code, frame.offset);
  } else {
    editor.setLineClass('current', []);
    markCurrentInstruction(panes.dis, null);
  }
}

function toggleBreakpoint(line) {
  if (state.breakpoints.has(line)) state.breakpoints.delete(line); else state.breakpoints.add(line);
  editor.setBreakpoints(state.breakpoints);
}

// ---- start --------------------------------------------------------------------------------
const editor = new Editor({
  textarea: $('source'), backdrop: $('backdrop'), gutter: $('gutter'),
  onChange: () => { scheduleStages(); markStep(); },
  onSelect: sourceSelected,
  onToggleBreakpoint: toggleBreakpoint,
});

function setupTabs() {
  document.querySelectorAll('.tabs button').forEach((tab) => tab.addEventListener('click', () => {
    document.querySelectorAll('.tabs button').forEach((t) => t.classList.toggle('active', t === tab));
    document.querySelectorAll('.stages-panel .pane').forEach((p) => p.classList.toggle('active', p.dataset.pane === tab.dataset.tab));
    if (tab.dataset.tab === 'cfg') panes.cfg.shown();
  }));
}

function setupKeys() {
  document.addEventListener('keydown', (event) => {
    if (event.target.closest('textarea, input, select') || !state.step) return;
    const keys = { ArrowRight: 'next-instr', ArrowLeft: 'prev-instr', Home: 'start', End: 'end' };
    let action = keys[event.key];
    if (event.shiftKey && event.key === 'ArrowDown') action = 'next-line';
    if (event.shiftKey && event.key === 'ArrowUp') action = 'prev-line';
    if (action) { event.preventDefault(); step(action); }
  });
}

async function start() {
  panes.tokens = $('pane-tokens');
  panes.astPane = $('pane-ast');
  panes.ast = new AstTree(panes.astPane, pick);
  panes.symtable = $('pane-symtable');
  panes.cfgPane = $('pane-cfg');
  panes.cfg = new CfgView(panes.cfgPane, pick);
  panes.dis = $('pane-dis');
  panes.vm = $('pane-vm');
  setupTabs();
  setupKeys();
  stepperEnabled(false);
  $('run').addEventListener('click', record);
  document.querySelectorAll('.controls button').forEach((b) => b.addEventListener('click', () => step(b.dataset.action)));
  $('scrubber').addEventListener('input', debounce(() => step('goto', Number($('scrubber').value)), 30));
  $('filename').addEventListener('change', refreshStages);
  $('open-file').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    $('filename').value = file.name;
    editor.setText(await file.text());
    refreshStages();
  });
  $('share').addEventListener('click', async () => {
    await writeShared(editor.text, $('filename').value);
    try { await navigator.clipboard.writeText(location.href); setStatus('link copied: it carries the source'); } catch (error) { window.prompt('Copy this link:', location.href); }
  });
  let initial = await readShared();
  if (!initial) initial = await (await fetch('/api/initial')).json();
  $('filename').value = initial.filename;
  editor.setText(initial.source);
  await refreshStages();
}

start();
