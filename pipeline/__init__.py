"""pipeline: CPython 3.8's tokenizer, parser, compiler and VM, written in Python.

The chain, one pass per module:
    tokenizer.tokenize -> parser.parse (Lark LALR over grammar/python38.lark) -> AST
    -> compiler.compile (future -> ast_opt -> symtable -> codegen -> assemble -> peephole)
    -> CodeType -> vm.run_code
"""
import os as _os
import importlib as _importlib

_here = _os.path.dirname(_os.path.abspath(__file__))
_root = _os.path.dirname(_here)
# In a source checkout the passes sit beside this folder (tokenizer/, parser/, ...);
# installed, pyproject's package-dir puts them inside it. Either way they are
# pipeline.tokenizer, pipeline.parser, ...: never top-level `parser`, which the
# stdlib of 3.8/3.9 shadows.
if not _os.path.isdir(_os.path.join(_here, 'tokenizer')) and _os.path.isfile(
        _os.path.join(_root, 'tokenizer', '__init__.py')):
    __path__.append(_root)  # type: ignore[name-defined]

# Public API, imported on first use so that `import pipeline.vm` stays light.
_API = {
    'tokenize': 'pipeline.tokenize',          # callable module: tokenize(source)
    'tok_name': 'pipeline.tokenizer:tok_name',
    'parse': 'pipeline.parser:parse',
    'dump': 'pipeline.parser:dump',
    'compile': 'pipeline.compile',            # callable module: compile(source, filename, mode)
    'dis': 'pipeline.dis',                    # callable module: dis(x)
    'marshal_dumps': 'pipeline.compiler.marshal:dumps',
    'marshal_loads': 'pipeline.compiler.marshal:loads',
    'CodeType': 'pipeline.compiler.code:CodeType',
    'compile_and_run': 'pipeline.api:compile_and_run',
    'run_code': 'pipeline.vm:run_code',
}
__all__ = sorted(_API)


def __getattr__(name):
    target = _API.get(name)
    if target is None:
        raise AttributeError("module 'pipeline' has no attribute %r" % name)
    module_name, _, attribute = target.partition(':')
    value = _importlib.import_module(module_name)
    if attribute:
        value = getattr(value, attribute)
    globals()[name] = value
    return value
