"""Every package reads top-down: no import circles inside the product, counting the imports
made inside functions too (a lazy import that closes a circle is still a circle).

The graph is read from the source with the host's ast (test code only): an edge for every
`import`/`from ... import` of a module of ours, wherever it stands in the file.
"""
import ast
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# folder -> the package it is installed as (pyproject.toml's package-dir)
PACKAGES = {'tokenizer': 'pipeline.tokenizer', 'grammar': 'pipeline.grammar',
            'parser': 'pipeline.parser', 'compiler': 'pipeline.compiler', 'vm': 'pipeline.vm',
            'pipeline': 'pipeline'}


def modules():
    """Module name -> source path, for every module of the product."""
    found = {}
    for folder, package in PACKAGES.items():
        for directory, subdirs, files in os.walk(os.path.join(ROOT, folder)):
            subdirs[:] = [name for name in subdirs if name not in ('__pycache__', 'static')]
            for name in files:
                if name.endswith('.py'):
                    path = os.path.join(directory, name)
                    relative = os.path.relpath(path, os.path.join(ROOT, folder))[:-3].split(os.sep)
                    if relative[-1] == '__init__':
                        relative = relative[:-1]
                    found['.'.join([package] + relative)] = path
    return found


def _imported(module, path, node, known):
    """The modules of ours that an import statement names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    if node.level:
        base = module.split('.')
        if not path.endswith('__init__.py'):
            base = base[:-1]
        base = base[:len(base) - (node.level - 1)]
        target = '.'.join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ''
    names = []
    for alias in node.names:
        submodule = target + '.' + alias.name
        names.append(submodule if submodule in known else target)
    return [name for name in names if name in known]


def import_graph():
    known = modules()
    graph = {}
    for module, path in known.items():
        with open(path, encoding='utf-8') as source:
            tree = ast.parse(source.read(), path)
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges.update(_imported(module, path, node, known))
        edges.discard(module)
        graph[module] = edges
    return graph


def circles(graph):
    """The strongly connected components with more than one module (Tarjan, iteratively)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_checker_sees_a_circle():
    assert circles({'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}}) == [['a', 'b', 'c']]
    assert circles({'a': {'b'}, 'b': set()}) == []


def test_no_import_circles():
    graph = import_graph()
    assert 'pipeline.vm.eval' in graph and 'pipeline.compiler.codegen' in graph
    found = circles(graph)
    described = ['  ' + ' <-> '.join(component) + '\n    ' + '\n    '.join(
        '%s imports %s' % (module, ', '.join(sorted(graph[module] & set(component))))
        for module in component) for component in found]
    assert not found, 'import circles:\n' + '\n'.join(described)


def test_vm_never_imports_the_front_end():
    graph = import_graph()
    front = ('pipeline.parser', 'pipeline.grammar', 'pipeline.tokenizer', 'pipeline.compiler.codegen',
             'pipeline.compiler.symtable')
    for module, edges in graph.items():
        if module.startswith('pipeline.vm.'):
            assert not [edge for edge in edges if edge.startswith(front)], module
