// The source editor: a plain textarea over a backdrop that draws highlights, plus a gutter
// with line numbers, breakpoints and the stepper's current line.

export function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}

// Mark priority: later kinds win where ranges overlap.
const KINDS = ['linked-soft', 'linked', 'error-at'];

export class Editor {
  constructor({ textarea, backdrop, gutter, onChange, onSelect, onToggleBreakpoint }) {
    this.textarea = textarea;
    this.backdrop = backdrop;
    this.gutter = gutter;
    this.onChange = onChange;
    this.onSelect = onSelect;
    this.onToggleBreakpoint = onToggleBreakpoint;
    this.marks = [];            // {kind, l1, c1, l2, c2}
    this.lineClasses = new Map(); // line -> Set of classes (current, error-line)
    this.breakpoints = new Set();
    this.lineStarts = [0];
    textarea.addEventListener('input', () => { this.indexLines(); this.renderEdit(); this.onChange(this.text); });
    textarea.addEventListener('scroll', () => this.syncScroll());
    const select = () => this.reportSelection();
    textarea.addEventListener('select', select);
    textarea.addEventListener('mouseup', select);
    textarea.addEventListener('keyup', select);
    textarea.addEventListener('keydown', (event) => this.keydown(event));
    gutter.addEventListener('click', (event) => {   // on a line number: toggle a breakpoint
      const line = Number(event.target.dataset.line);
      if (line) this.onToggleBreakpoint(line);
    });
    this.lastSelection = '';
    this.backdropInner = document.createElement('div');
    backdrop.appendChild(this.backdropInner);
    this.gutterInner = document.createElement('div');
    gutter.appendChild(this.gutterInner);
  }

  get text() { return this.textarea.value; }

  setText(text) {
    this.textarea.value = text;
    this.indexLines();
    this.render();
  }

  indexLines() {
    const text = this.textarea.value;
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  // (line, column) of a character index, lines counted from 1.
  position(index) {
    const starts = this.lineStarts;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid; else hi = mid - 1;
    }
    return [lo + 1, index - starts[lo]];
  }

  lineText(line) {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const end = line < this.lineStarts.length ? this.lineStarts[line] - 1 : this.textarea.value.length;
    return this.textarea.value.slice(start, end);
  }

  reportSelection() {
    const { selectionStart, selectionEnd } = this.textarea;
    const key = selectionStart + ':' + selectionEnd;
    if (key === this.lastSelection) return;
    this.lastSelection = key;
    const [l1, c1] = this.position(selectionStart);
    const [l2, c2] = this.position(selectionEnd);
    this.onSelect({ l1, c1, l2, c2, empty: selectionStart === selectionEnd });
  }

  keydown(event) {
    if (event.key === 'Tab' && !event.ctrlKey && !event.metaKey) {   // indent, don't leave the editor
      event.preventDefault();
      document.execCommand('insertText', false, '    ');
    }
  }

  // The backdrop and gutter follow the textarea by a transform, set only on scroll events:
  // rendering never reads layout, so a refresh does not force the page to lay out.
  syncScroll() {
    const { scrollTop, scrollLeft } = this.textarea;
    this.backdropInner.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
    this.gutterInner.style.transform = `translateY(${-scrollTop}px)`;
  }

  setMarks(marks) {
    const changed = new Set();
    for (const mark of [...this.marks, ...marks]) for (let l = mark.l1; l <= mark.l2; l++) changed.add(l);
    this.marks = marks;
    this.render(changed);
  }

  setLineClass(kind, lines) {
    const changed = new Set(lines);
    for (const [line, classes] of this.lineClasses) if (classes.delete(kind)) changed.add(line);
    for (const line of lines) {
      if (!this.lineClasses.has(line)) this.lineClasses.set(line, new Set());
      this.lineClasses.get(line).add(kind);
    }
    this.render(changed);
  }

  setBreakpoints(lines) {
    const next = new Set(lines);
    const changed = new Set([...next, ...this.breakpoints]);
    this.breakpoints = next;
    this.render(changed);
  }

  // Range covering a whole line without its indentation.
  lineRange(line) {
    const text = this.lineText(line);
    const indent = text.length - text.trimStart().length;
    return { l1: line, c1: indent, l2: line, c2: Math.max(text.trimEnd().length, indent) };
  }

  scrollToLine(line) {
    const height = parseFloat(getComputedStyle(this.textarea).lineHeight) || 19;
    const top = (line - 1) * height;
    const view = this.textarea;
    if (top < view.scrollTop || top > view.scrollTop + view.clientHeight - 2 * height) {
      view.scrollTop = Math.max(0, top - view.clientHeight / 3);
    }
  }

  // Redraw the backdrop and gutter: only `changed` lines when the text is what was drawn.
  render(changed) {
    const value = this.textarea.value;
    const lines = value.split('\n');
    const partial = changed && value === this.drawnValue;
    const wanted = partial ? changed : null;
    const perLine = new Map();
    for (const mark of this.marks) {
      for (let line = mark.l1; line <= mark.l2 && line <= lines.length; line++) {
        if (wanted && !wanted.has(line)) continue;
        const from = line === mark.l1 ? mark.c1 : 0;
        const to = line === mark.l2 ? mark.c2 : lines[line - 1].length;
        if (!perLine.has(line)) perLine.set(line, []);
        perLine.get(line).push({ kind: mark.kind, from, to: Math.max(to, from + (mark.kind === 'error-at' ? 1 : 0)) });
      }
    }
    const lineClass = (line) => {
      const classes = this.lineClasses.get(line);
      return 'ln' + (classes && classes.size ? ' ' + [...classes].join(' ') : '');
    };
    const gutterClass = (line) => {
      const classes = [];
      if (this.breakpoints.has(line)) classes.push('breakpoint');
      const extra = this.lineClasses.get(line);
      if (extra) classes.push(...extra);
      return classes.join(' ');
    };
    if (partial) {
      const rows = this.backdropInner.children;
      const numbers = this.gutterInner.children;
      for (const line of changed) {
        if (line < 1 || line > lines.length) continue;
        rows[line - 1].className = lineClass(line);
        rows[line - 1].innerHTML = this.renderLine(lines[line - 1], perLine.get(line));
        numbers[line - 1].className = gutterClass(line);
      }
      return;
    }
    const html = lines.map((text, index) => `<div class="${lineClass(index + 1)}">${this.renderLine(text, perLine.get(index + 1))}</div>`);
    this.backdropInner.innerHTML = html.join('') + '<div class="ln"></div><div class="ln"></div>';
    const gutter = lines.map((_, index) => `<div data-line="${index + 1}" class="${gutterClass(index + 1)}">${index + 1}</div>`);
    this.gutterInner.innerHTML = gutter.join('') + '<div></div><div></div>';
    this.drawnValue = value;
  }

  // After an edit: only the lines that changed are redrawn (the rows before and after them
  // are kept, and the gutter grows or shrinks at its end), so typing in a long file stays
  // cheap; lines with marks or classes are redrawn at their new place.
  renderEdit() {
    const value = this.textarea.value;
    const before = this.drawnValue === undefined ? null : this.drawnValue.split('\n');
    const lines = value.split('\n');
    if (!before || !this.backdropInner.children.length) { this.render(); return; }
    let head = 0;
    const shortest = Math.min(before.length, lines.length);
    while (head < shortest && before[head] === lines[head]) head++;
    let tail = 0;
    while (tail < shortest - head && before[before.length - 1 - tail] === lines[lines.length - 1 - tail]) tail++;
    const removed = before.length - head - tail;
    const added = lines.length - head - tail;
    const rows = this.backdropInner;
    for (let k = 0; k < removed; k++) rows.children[head].remove();
    const fresh = [];
    for (let i = head; i < head + added; i++) fresh.push(`<div class="ln">${escapeHtml(lines[i]) || ' '}</div>`);
    rows.children[head].insertAdjacentHTML('beforebegin', fresh.join(''));
    const numbers = this.gutterInner;
    for (let n = before.length; n > lines.length; n--) numbers.children[n - 1].remove();
    const more = [];
    for (let n = before.length + 1; n <= lines.length; n++) more.push(`<div data-line="${n}">${n}</div>`);
    if (more.length) numbers.children[before.length].insertAdjacentHTML('beforebegin', more.join(''));
    this.drawnValue = value;
    // lines whose marks or classes may have moved: where they are now and where they were
    const shift = added - removed;
    const changed = new Set();
    const note = (line) => { changed.add(line); if (line > head + removed) changed.add(line + shift); };
    for (const mark of this.marks) for (let l = mark.l1; l <= mark.l2; l++) note(l);
    for (const [line, classes] of this.lineClasses) if (classes.size) note(line);
    for (const line of this.breakpoints) note(line);
    for (let l = head + 1; l <= head + added; l++) changed.delete(l);   // drawn just now, plain
    for (let l = head + 1; l <= head + added; l++) if (this.lineClasses.has(l) || this.breakpoints.has(l) || this.marks.some((m) => m.l1 <= l && l <= m.l2)) changed.add(l);
    this.render(changed);
  }

  renderLine(text, marks) {
    if (!marks || !marks.length) return escapeHtml(text) || ' ';
    const width = Math.max(text.length, ...marks.map((m) => m.to));
    const padded = text.padEnd(width, ' ');
    const kinds = new Array(width).fill(-1);
    for (const mark of marks) {
      const rank = KINDS.indexOf(mark.kind);
      for (let i = mark.from; i < mark.to && i < width; i++) if (rank > kinds[i]) kinds[i] = rank;
    }
    let out = '';
    let start = 0;
    for (let i = 1; i <= width; i++) {
      if (i === width || kinds[i] !== kinds[start]) {
        const piece = escapeHtml(padded.slice(start, i));
        if (kinds[start] < 0) out += piece;
        else out += `<mark class="${KINDS[kinds[start]]}">${piece}</mark>`;
        start = i;
      }
    }
    return out || ' ';
  }
}
